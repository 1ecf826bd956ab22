package io.dingtalketl.client.wire;

/** Body of {@code v2/user/getbymobile}. */
public record MobileRequest(String mobile) {
}
