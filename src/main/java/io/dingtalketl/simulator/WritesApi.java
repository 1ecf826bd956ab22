package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;

import java.util.Map;

/** The contacts write APIs (not yet simulated: every call is refused with 60011). */
final class WritesApi {

    private final SimulatedOrg org;

    WritesApi(SimulatedOrg org) {
        this.org = org;
    }

    Map<String, Object> serve(DingTalkEndpoint endpoint, RequestParams params) {
        throw new ApiError(60011, "没有调用该接口的权限");
    }
}
