package io.dingtalketl.orgsync;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.ops.report.ChangeReport;
import io.dingtalketl.ops.report.NotificationResult;
import io.dingtalketl.ops.report.NotifyProperties;
import io.dingtalketl.ops.report.ReportProperties;
import io.dingtalketl.ops.report.RunNotifier;
import io.dingtalketl.ops.report.RunReportWriter;
import io.dingtalketl.ops.report.RunReporter;
import io.dingtalketl.simulator.OrgTruth;
import io.dingtalketl.simulator.SentMessage;
import io.dingtalketl.warehouse.MeteredCallLedger;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run report scenarios on H2 (MySQL mode), the embedded default; and the run notification: sent to
 * the recipients through DingTalk (the simulator), with the recipients DingTalk silently dropped reported.
 */
@TestPropertySource(properties = AbstractOrgSyncTest.H2)
@ExtendWith(OutputCaptureExtension.class)
class H2RunReportTest extends RunReportScenarios {

    @Autowired
    RunNotifier configuredNotifier;
    @Autowired
    DingTalkClient client;
    @Autowired
    DingTalkProperties dingtalk;
    @Autowired
    ReportProperties reportProperties;

    @Test
    void notificationGoesToTheRecipientsAndDroppedRecipientsAreReported(CapturedOutput output) throws Exception {
        TwoRuns runs = twoRunsAroundADayOfChanges();
        ChangeReport report = reports.build(runs.secondRun());
        List<String> userids = runs.after().users().stream().map(OrgTruth.TruthUser::userid).limit(3).toList();
        String dropped = userids.get(2);
        simulator.dropRecipients(dropped);
        int sentBefore = simulator.sentMessages().size();

        NotificationResult result = notifier(userids).notify(report);

        assertThat(simulator.sentMessages()).hasSize(sentBefore + 1);
        SentMessage message = simulator.sentMessages().get(sentBefore);
        assertThat(message.agentId()).isEqualTo(4_242_001L);
        assertThat(message.recipients()).containsExactlyElementsOf(userids);
        assertThat(message.delivered()).containsExactlyElementsOf(userids.subList(0, 2));
        assertThat(message.msg().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
        assertThat(message.msg()).contains("\"msgtype\":\"markdown\"", "run " + runs.secondRun(), "PUBLISHED",
                report.users().joined().size() + " joined", "orgsync-2026-11-23-run" + runs.secondRun() + ".html");

        assertThat(result.status()).isEqualTo(NotificationResult.Status.RECIPIENTS_DROPPED);
        assertThat(result.taskId()).isEqualTo(message.taskId());
        assertThat(result.dropped()).singleElement().satisfies(d -> {
            assertThat(d.userid()).isEqualTo(dropped);
            assertThat(d.reason()).contains("143106");
        });
        assertThat(output).contains("WARN").contains("did not deliver").contains(dropped);
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT notification_status, notification_task_id, notification_detail FROM etl_sync_run WHERE run_id = ?",
                runs.secondRun());
        assertThat(row.get("notification_status")).isEqualTo("RECIPIENTS_DROPPED");
        assertThat(((Number) row.get("notification_task_id")).longValue()).isEqualTo(message.taskId());
        assertThat((String) row.get("notification_detail")).startsWith(dropped + ": forbidden 143106");
        assertThat(jdbc.queryForObject("SELECT metered_calls FROM etl_sync_run WHERE run_id = ?", Long.class, runs.secondRun()))
                .as("asyncsend_v2 is metered, getsendresult is not").isEqualTo(1);
    }

    @Test
    void aNotificationThatCannotBeSentIsRecordedAndDoesNotThrow() throws Exception {
        run(DAY_1);
        long runId = jdbc.queryForObject("SELECT run_id FROM etl_sync_run", Long.class);
        ChangeReport report = reports.build(runId);
        simulator.denyPermission(DingTalkEndpoint.MESSAGE_SEND);
        try {
            NotificationResult result = notifier(List.of(simulator.org().truth().users().get(0).userid())).notify(report);

            assertThat(result.status()).isEqualTo(NotificationResult.Status.FAILED);
            assertThat(result.error()).contains("60011");
            assertThat(jdbc.queryForObject("SELECT notification_status FROM etl_sync_run WHERE run_id = ?", String.class, runId))
                    .isEqualTo("FAILED");
        } finally {
            simulator.grantPermission(DingTalkEndpoint.MESSAGE_SEND);
        }
        assertThat(configuredNotifier.notify(report).status()).as("etl.notify.enabled defaults to false")
                .isEqualTo(NotificationResult.Status.DISABLED);
    }

    @Test
    void theReportStepWritesAndAnnouncesAndNeverFailsTheSync(CapturedOutput output) throws Exception {
        run(DAY_1);
        long runId = jdbc.queryForObject("SELECT run_id FROM etl_sync_run", Long.class);
        List<String> userids = simulator.org().truth().users().stream().map(OrgTruth.TruthUser::userid).limit(2).toList();
        RunReporter reporter = new RunReporter(reports,
                new RunReportWriter(new SyncRunRepository(jdbc), new ReportProperties(reportDir, 50, null), etl), notifier(userids));

        assertThat(reporter.report(runId)).hasValueSatisfying(report -> assertThat(report.run().initialLoad()).isTrue());

        assertThat(reportDir.resolve("orgsync-2026-11-22-run" + runId + ".html")).isRegularFile();
        assertThat(simulator.sentMessages()).last().extracting(SentMessage::recipients).isEqualTo(userids);
        assertThat(jdbc.queryForObject("SELECT notification_status FROM etl_sync_run WHERE run_id = ?", String.class, runId))
                .isEqualTo("SENT");
        assertThat(reporter.report(runId + 999)).as("no such run").isEmpty();
        assertThat(output).contains("run report could not be built");

        Path notADirectory = Files.createFile(reportDir.resolve("not-a-directory"));
        int sent = simulator.sentMessages().size();
        RunReporter blocked = new RunReporter(reports,
                new RunReportWriter(new SyncRunRepository(jdbc), new ReportProperties(notADirectory, 50, null), etl), notifier(userids));
        assertThat(blocked.report(runId)).isPresent();
        assertThat(output).contains("run report could not be written");
        assertThat(simulator.sentMessages()).as("announced all the same").hasSize(sent + 1);
    }

    RunNotifier notifier(List<String> userids) {
        DingTalkProperties withAgent = new DingTalkProperties(dingtalk.baseUrl(), null, null, null, 4_242_001L,
                dingtalk.defaultQps(), dingtalk.throttleWindowMargin(), null, dingtalk.retry(), dingtalk.tokenRefreshAhead(),
                dingtalk.connectTimeout(), dingtalk.readTimeout(), dingtalk.monthlyQuota(), dingtalk.meteredApis());
        return new RunNotifier(client, withAgent, new NotifyProperties(true, userids, Duration.ZERO), reportProperties, etl, new SyncRunRepository(jdbc),
                new MeteredCallLedger(jdbc));
    }
}
