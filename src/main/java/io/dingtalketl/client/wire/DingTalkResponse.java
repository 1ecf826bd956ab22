package io.dingtalketl.client.wire;

import org.jspecify.annotations.Nullable;

/** The envelope of most old-API answers: {@code {"errcode":0,"errmsg":"ok","request_id":"…","result":…}}. */
public record DingTalkResponse<T>(@Nullable Integer errcode, @Nullable String errmsg, @Nullable String requestId,
                                  @Nullable T result) {
}
