/**
 * One Java record per DingTalk wire shape. DingTalk's old API speaks snake_case ({@code dept_id},
 * {@code has_more}); the client's JSON mapper maps it to these records' camelCase components, ignores
 * unknown fields, and accepts numbers and booleans sent as strings. An absent field is {@code null}
 * (absent is not empty: DingTalk omits fields the app has no permission for).
 */
@NullMarked
package io.dingtalketl.client.wire;

import org.jspecify.annotations.NullMarked;
