package io.dingtalketl.client.wire;

import org.jspecify.annotations.Nullable;

/** {@code GET /gettoken}: {@code access_token} and its lifetime {@code expires_in} in seconds (7200). */
public record TokenResponse(@Nullable Integer errcode, @Nullable String errmsg, @Nullable String accessToken,
                            @Nullable Long expiresIn) {

    @Override
    public String toString() {
        return "TokenResponse[errcode=" + errcode + ", expiresIn=" + expiresIn + ", accessToken=******]";
    }
}
