package io.dingtalketl.client.wire;

/** Body of {@code topapi/v2/user/getbymobile}. */
public record MobileRequest(String mobile) {
}
