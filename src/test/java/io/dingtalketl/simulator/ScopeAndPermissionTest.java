package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The app's contact scope (50004) and API permissions (60011). */
class ScopeAndPermissionTest {

    private DingTalkSimulator simulator;
    private SimulatorClient client;
    private long deptId;

    @BeforeEach
    void start() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(21, 30, 200)));
        client = new SimulatorClient(simulator);
        deptId = simulator.org().truth().departments().stream()
                .filter(d -> d.depth() == 1 && d.owningMemberCount() > 0)
                .findFirst().orElseThrow().deptId();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aDepartmentOutsideTheScopeAnswers50004OnScopedApisOnly() {
        simulator.denyScope(deptId);

        assertThat(errcode(DingTalkEndpoint.DEPARTMENT_LISTSUB, Map.of("dept_id", deptId))).isEqualTo(50004);
        assertThat(errcode(DingTalkEndpoint.DEPARTMENT_GET, Map.of("dept_id", deptId))).isEqualTo(50004);
        assertThat(errcode(DingTalkEndpoint.USER_LIST, Map.of("dept_id", deptId, "cursor", 0, "size", 10))).isEqualTo(50004);
        assertThat(client.call(DingTalkEndpoint.USER_LIST, Map.of("dept_id", deptId, "cursor", 0, "size", 10))
                .path("errmsg").asString()).isEqualTo("部门不在权限范围内");
        // documented as not limited by the authorization scope
        assertThat(errcode(DingTalkEndpoint.DEPARTMENT_LISTSUBID, Map.of("dept_id", deptId))).isZero();
        assertThat(errcode(DingTalkEndpoint.USER_LISTID, Map.of("dept_id", deptId))).isZero();

        simulator.restoreScope(deptId);
        assertThat(errcode(DingTalkEndpoint.DEPARTMENT_GET, Map.of("dept_id", deptId))).isZero();
    }

    @Test
    void aMissingPermissionAnswers60011ForThatApiOnly() {
        simulator.denyPermission(DingTalkEndpoint.USER_LIST);

        assertThat(errcode(DingTalkEndpoint.USER_LIST, Map.of("dept_id", 1, "cursor", 0, "size", 10))).isEqualTo(60011);
        assertThat(client.call(DingTalkEndpoint.USER_LIST, Map.of("dept_id", 1, "cursor", 0, "size", 10))
                .path("errmsg").asString()).isEqualTo("没有调用该接口的权限");
        assertThat(errcode(DingTalkEndpoint.USER_LISTID, Map.of("dept_id", 1))).isZero();

        simulator.grantPermission(DingTalkEndpoint.USER_LIST);
        assertThat(errcode(DingTalkEndpoint.USER_LIST, Map.of("dept_id", 1, "cursor", 0, "size", 10))).isZero();
    }

    private int errcode(DingTalkEndpoint endpoint, Map<String, ?> body) {
        return client.call(endpoint, body).path("errcode").asInt();
    }
}
