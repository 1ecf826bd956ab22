package io.dingtalketl.client.wire;

import org.jspecify.annotations.Nullable;

/** Body of {@code v2/user/get}. */
public record UserRequest(String userid, @Nullable String language) {
}
