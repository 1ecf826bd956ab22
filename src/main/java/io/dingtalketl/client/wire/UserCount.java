package io.dingtalketl.client.wire;

import org.jspecify.annotations.Nullable;

/** {@code user/count}'s result. */
public record UserCount(@Nullable Long count) {
}
