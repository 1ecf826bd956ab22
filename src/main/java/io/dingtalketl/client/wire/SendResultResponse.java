package io.dingtalketl.client.wire;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/** {@code getsendresult}'s answer: who did not get the message, and why. */
public record SendResultResponse(@Nullable Integer errcode, @Nullable String errmsg, @Nullable SendResult sendResult) {

    public record SendResult(
            @JsonDeserialize(using = LenientStringList.class) @Nullable List<String> invalidUserIdList,
            @JsonDeserialize(using = LenientStringList.class) @Nullable List<String> forbiddenUserIdList,
            @JsonDeserialize(using = LenientStringList.class) @Nullable List<String> failedUserIdList,
            @JsonDeserialize(using = LenientStringList.class) @Nullable List<String> readUserIdList,
            @JsonDeserialize(using = LenientStringList.class) @Nullable List<String> unreadUserIdList,
            @JsonDeserialize(using = LenientLongList.class) @Nullable List<Long> invalidDeptIdList,
            @Nullable List<Forbidden> forbiddenList) {
    }

    public record Forbidden(@Nullable String code, @Nullable Long count, @Nullable String userid) {
    }
}
