package io.dingtalketl.client.wire;

/** Body of {@code user/count}: {@code only_active} is required by DingTalk. */
public record CountRequest(boolean onlyActive) {
}
