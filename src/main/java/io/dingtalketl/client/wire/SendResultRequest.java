package io.dingtalketl.client.wire;

/** Body of {@code getsendresult}: only tasks of the last 24 hours can be queried. */
public record SendResultRequest(long agentId, long taskId) {
}
