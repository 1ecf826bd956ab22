package io.dingtalketl.client.wire;

import org.jspecify.annotations.Nullable;

/** {@code v2/user/getbymobile}'s result. */
public record UserIdResult(@Nullable String userid) {
}
