package io.dingtalketl.client.wire;

import org.jspecify.annotations.Nullable;

/** {@code result} of {@code topapi/v2/user/getbymobile}. */
public record UserIdResult(@Nullable String userid) {
}
