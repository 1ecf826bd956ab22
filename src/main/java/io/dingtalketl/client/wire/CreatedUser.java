package io.dingtalketl.client.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** {@code result} of {@code topapi/v2/user/create}: {@code userid}, and {@code unionId} in camelCase. */
public record CreatedUser(@Nullable String userid, @JsonProperty("unionId") @Nullable String unionId) {
}
