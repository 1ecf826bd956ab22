package io.dingtalketl.attendance;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.wire.LeaveStatus;
import io.dingtalketl.client.wire.LeaveStatusPage;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The window's leaves ({@code getleavestatus}): one batch of 100 users (by userid, from {@code dim_user}) per call
 * of the tasklet, every page of it over a span of at most 180 days, upserted into {@code fact_leave}. Each call is
 * one transaction.
 *
 * <p><b>Restart:</b> the position (the span and the last userid done) is saved in the step's ExecutionContext,
 * which Spring Batch commits with each call's transaction; a restart goes on with the next batch. The position
 * is a userid, not a batch number, so users an org sync added meanwhile shift nothing.
 */
class LeaveTasklet implements Tasklet {

    static final String SPAN = "leaves.span";
    static final String AFTER_USERID = "leaves.afterUserid";

    private final DingTalkClient client;
    private final AttendanceCalls calls;
    private final AttendanceFacts facts;
    private final @Nullable AttendanceWindow window;
    private final @Nullable Runnable whenDone;
    private final ZoneId zone;
    private final long runId;
    private final long jobExecutionId;

    /**
     * @param window   the days whose leaves are read; null: this run reads none here (the step does nothing)
     * @param whenDone run in the transaction of the last call, once every leave is written (null: nothing)
     */
    LeaveTasklet(DingTalkClient client, AttendanceCalls calls, AttendanceFacts facts, @Nullable AttendanceWindow window,
                 @Nullable Runnable whenDone, ZoneId zone, long runId, long jobExecutionId) {
        this.client = client;
        this.calls = calls;
        this.facts = facts;
        this.window = window;
        this.whenDone = whenDone;
        this.zone = zone;
        this.runId = runId;
        this.jobExecutionId = jobExecutionId;
    }

    @Override
    public @Nullable RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        AttendanceWindow window = this.window;
        if (window == null) {
            return RepeatStatus.FINISHED;
        }
        ExecutionContext position = chunkContext.getStepContext().getStepExecution().getExecutionContext();
        List<AttendanceWindow> spans = window.leaveSpans();
        int span = position.getInt(SPAN, 0);
        String after = position.containsKey(AFTER_USERID) ? position.getString(AFTER_USERID) : "";
        if (span >= spans.size()) {
            return RepeatStatus.FINISHED;
        }
        List<String> users = facts.usersOf(window, after, DingTalkClient.MAX_LEAVE_USERS);
        if (users.isEmpty()) {
            position.putInt(SPAN, span + 1);
            position.putString(AFTER_USERID, "");
            if (span + 1 < spans.size()) {
                return RepeatStatus.CONTINUABLE;
            }
            if (whenDone != null) {
                whenDone.run();
            }
            return RepeatStatus.FINISHED;
        }
        AttendanceWindow days = spans.get(span);
        List<LeaveStatus> leaves = new ArrayList<>();
        int size = DingTalkClient.MAX_LEAVE_PAGE_SIZE;
        for (int offset = 0; ; offset += size) {
            if (!calls.mayCall()) {
                return RepeatStatus.CONTINUABLE;   // maxCalls spent: nothing of this batch written, the step stops here
            }
            int from = offset;
            LeaveStatusPage page = calls.call(jobExecutionId, "leaves " + days + " after userid '" + after + "' offset " + offset,
                    () -> client.leaveStatus(days.start(zone), days.end(zone).minusMillis(1), users, from, size));
            leaves.addAll(page.leaves());
            if (!page.more() || page.leaves().isEmpty()) {
                break;
            }
        }
        facts.writeLeaves(leaves, runId);
        contribution.incrementReadCount();
        contribution.incrementWriteCount(leaves.size());
        position.putString(AFTER_USERID, users.get(users.size() - 1));
        return RepeatStatus.CONTINUABLE;
    }
}
