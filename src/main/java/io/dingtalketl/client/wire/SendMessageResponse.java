package io.dingtalketl.client.wire;

import org.jspecify.annotations.Nullable;

/** {@code asyncsend_v2}'s answer: errcode 0 and a {@code task_id} even when recipients are dropped. */
public record SendMessageResponse(@Nullable Integer errcode, @Nullable String errmsg, @Nullable Long taskId,
                                  @Nullable String requestId) {
}
