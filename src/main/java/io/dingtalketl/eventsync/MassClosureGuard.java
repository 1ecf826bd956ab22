package io.dingtalketl.eventsync;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.dingtalketl.events.EntityKind;
import io.dingtalketl.events.EventInbox;
import io.dingtalketl.warehouse.ContactVersions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The deletion guard of the event path, the same rule as the full sync's: when the pending events would close
 * more than {@code etl.publish.max-delete-ratio} of the current users or departments (people leaving, departments
 * removed), those events are held — not applied — with the reason, and the run says so. An operator who confirms
 * the burst applies them with {@code allowMassDelete=true}, which first returns held events to pending.
 */
class MassClosureGuard implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(MassClosureGuard.class);

    private final EventInbox inbox;
    private final ContactVersions versions;
    private final double maxDeleteRatio;
    private final boolean allowMassDelete;

    MassClosureGuard(EventInbox inbox, ContactVersions versions, double maxDeleteRatio, boolean allowMassDelete) {
        this.inbox = inbox;
        this.versions = versions;
        this.maxDeleteRatio = maxDeleteRatio;
        this.allowMassDelete = allowMassDelete;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        if (allowMassDelete) {
            int released = inbox.releaseHeld();
            if (released > 0) {
                log.info("allowMassDelete=true: {} held events returned to pending and applied in this run", released);
            }
            return RepeatStatus.FINISHED;
        }
        List<String> leaving = inbox.pendingEntitiesOfTypes(EntityKind.USER, List.of("user_leave_org"));
        List<String> removed = inbox.pendingEntitiesOfTypes(EntityKind.DEPARTMENT, List.of("org_dept_remove"));
        String users = tooMany("users", leaving.size(), versions.currentUsers());
        String departments = tooMany("departments", removed.size(), versions.currentDepartments());
        if (users == null && departments == null) {
            return RepeatStatus.FINISHED;
        }
        List<String> parts = new ArrayList<>();
        if (departments != null) {
            parts.add(departments);
        }
        if (users != null) {
            parts.add(users);
        }
        String reason = "Held by the deletion guard: pending events would close " + String.join(" and ", parts)
                + ", more than etl.publish.max-delete-ratio=" + maxDeleteRatio + ". If DingTalk really lost them, apply them"
                + " with: eventSync allowMassDelete=true";
        if (users != null) {
            leaving.forEach(id -> inbox.hold(EntityKind.USER, id, reason));
        }
        if (departments != null) {
            removed.forEach(id -> inbox.hold(EntityKind.DEPARTMENT, id, reason));
        }
        int held = (users != null ? leaving.size() : 0) + (departments != null ? removed.size() : 0);
        chunkContext.getStepContext().getStepExecution().getExecutionContext().putLong(EventSyncCounts.HELD, held);
        chunkContext.getStepContext().getStepExecution().getJobExecution().getExecutionContext()
                .putString(EventSyncJobConfiguration.HELD_MESSAGE, reason);
        log.warn(reason);
        return RepeatStatus.FINISHED;
    }

    private @Nullable String tooMany(String what, int closing, int current) {
        if (current == 0 || (double) closing / current <= maxDeleteRatio) {
            return null;
        }
        return String.format(Locale.ROOT, "%d of %d current %s (%.1f%%)", closing, current, what, 100.0 * closing / current);
    }
}
