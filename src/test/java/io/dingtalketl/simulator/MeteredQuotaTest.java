package io.dingtalketl.simulator;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import io.dingtalketl.client.DingTalkApiException;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.client.ErrorCategory;
import io.dingtalketl.simulator.OrgTruth.TruthUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The monthly quota of metered APIs, end to end: once the simulated org's quota is used up, the client's
 * attendance calls fail with 90020 as QUOTA_EXHAUSTED after exactly one request (retrying would only spend time
 * until the month ends), while the contacts APIs, exempt from the quota, keep working.
 */
class MeteredQuotaTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 6, 8);

    private DingTalkSimulator simulator;
    private DingTalkClient client;
    private List<String> userids;

    @BeforeEach
    void start() {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(OrgSpec.of(5, 4, 10)), SimulatorSettings.defaults().withQpsPerApi(0));
        simulator.attendanceToday(MONDAY.plusDays(10));
        URI url = URI.create(simulator.baseUrl());
        client = DingTalkClient.create(DingTalkProperties.defaults(url)
                .withTarget(url, simulator.settings().appKey(), simulator.settings().appSecret())
                .withRetry(new DingTalkProperties.Retry(4, Duration.ofMillis(5), 2.0, Duration.ZERO, Duration.ofMillis(20)))
                .withDefaultQps(0), null);
        userids = simulator.org().truth().users().stream().map(TruthUser::userid).toList();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aCallBeyondTheQuotaIsQuotaExhaustedAfterOneRequestAndContactsStayExempt() {
        simulator.monthlyQuota(2);
        client.attendanceResults(MONDAY, MONDAY.plusDays(4), userids, 0, 50);
        client.leaveStatus(MONDAY.atStartOfDay(SimulatedAttendance.CHINA).toInstant(),
                MONDAY.plusDays(30).atStartOfDay(SimulatedAttendance.CHINA).toInstant(), userids, 0, 100);

        DingTalkApiException refused = catchThrowableOfType(DingTalkApiException.class,
                () -> client.punchRecords(MONDAY.atStartOfDay(), MONDAY.plusDays(5).atStartOfDay(), userids));

        assertThat(refused.category()).isEqualTo(ErrorCategory.QUOTA_EXHAUSTED);
        assertThat(refused.errcode()).isEqualTo(90020);
        assertThat(refused.errmsg()).isEqualTo("您的企业本月api调用量已超过限制,调用量:3次,额度:2次");
        assertThat(refused.retryable()).isFalse();
        assertThat(simulator.callCount(DingTalkEndpoint.ATTENDANCE_LISTRECORD)).as("not retried").isEqualTo(1);

        assertThat(client.getUser(userids.get(0))).as("contacts are exempt").isPresent();
        assertThat(client.listSubDepartments(SimulatedOrg.ROOT_DEPT_ID)).isPresent();
        assertThat(simulator.meteredCallsThisMonth()).isEqualTo(3);
    }

    @Test
    void aNewMonthServesAgain() {
        simulator.monthlyQuota(0);
        assertThat(catchThrowableOfType(DingTalkApiException.class,
                () -> client.attendanceResults(MONDAY, MONDAY, userids, 0, 50)).category())
                .isEqualTo(ErrorCategory.QUOTA_EXHAUSTED);

        simulator.resetMonth();
        simulator.monthlyQuota(1);

        assertThat(client.attendanceResults(MONDAY, MONDAY, userids, 0, 50).results()).hasSize(userids.size() * 2);
        assertThat(simulator.callCount(DingTalkEndpoint.ATTENDANCE_LIST)).isEqualTo(2);
    }
}
