package io.dingtalketl.eventsync;

import java.util.List;

import io.dingtalketl.events.EntityKind;
import io.dingtalketl.events.EventInbox;
import io.dingtalketl.warehouse.ContactVersions;
import io.dingtalketl.warehouse.ContactVersions.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Writes each entity's state to the warehouse and settles its events in the inbox, in the chunk's
 * transaction: a chunk that fails leaves both as they were, and the next run reads the same entities again.
 * Versions start at the birth time of the entity's latest pending event (see {@link ContactVersions}).
 * Outcomes are counted in the step's execution context, which commits with the chunk.
 */
class EntityChangeWriter implements ItemWriter<List<EntityChange>>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(EntityChangeWriter.class);

    private final ContactVersions versions;
    private final EventInbox inbox;
    private final long runId;
    private ExecutionContext counts = new ExecutionContext();
    private long executionId;

    EntityChangeWriter(ContactVersions versions, EventInbox inbox, long runId) {
        this.versions = versions;
        this.inbox = inbox;
        this.runId = runId;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        counts = stepExecution.getExecutionContext();
        executionId = stepExecution.getJobExecutionId();
    }

    @Override
    public void write(Chunk<? extends List<EntityChange>> chunk) {
        for (List<EntityChange> page : chunk) {
            for (EntityChange change : page) {
                apply(change);
            }
        }
    }

    private void apply(EntityChange change) {
        var entity = change.entity();
        if (change.refusal() != null) {
            log.warn("{} {}: not applied, its events stay pending: {}", entity.kind() == EntityKind.USER ? "User" : "Department",
                    entity.id(), change.refusal());
            count(EventSyncCounts.REFUSED);
            if (inbox.recordFailure(entity.kind(), entity.id(), change.refusal())) {
                count(EventSyncCounts.NEWLY_REFUSED);
                String refusals = counts.getString(EventSyncCounts.REFUSALS, "");
                if (refusals.split("\n").length < 10) {
                    counts.putString(EventSyncCounts.REFUSALS, refusals + (entity.kind() == EntityKind.USER ? "User " : "Department ")
                            + entity.id() + ": " + change.refusal() + "\n");
                }
            }
            return;
        }
        Outcome outcome;
        if (entity.kind() == EntityKind.USER) {
            outcome = change.gone() ? versions.closeUser(entity.id(), entity.lastBornAt())
                    : versions.applyUser(change.user(), change.memberships(), entity.lastBornAt(), runId);
        } else {
            outcome = change.gone() ? versions.closeDepartment(Long.parseLong(entity.id()), entity.lastBornAt())
                    : versions.applyDepartment(placed(change.department()), entity.lastBornAt(), runId);
        }
        inbox.markApplied(entity.kind(), entity.id(), entity.lastBornAt(), executionId);
        count(EventSyncCounts.key(entity.kind(), outcome));
        counts.putLong(EventSyncCounts.EVENTS, counts.getLong(EventSyncCounts.EVENTS, 0L) + entity.events());
    }

    /**
     * The department under its parent as the warehouse holds it now: an earlier entity of the same page may have
     * moved the parent after this one was fetched.
     */
    private ContactVersions.DepartmentVersion placed(ContactVersions.DepartmentVersion department) {
        ContactVersions.Position parent = department.parentDeptId() == null || department.depth() == 0 ? null
                : versions.position(department.parentDeptId());
        return parent == null ? department : department.placedUnder(parent);
    }

    private void count(String key) {
        counts.putLong(key, counts.getLong(key, 0L) + 1);
    }
}
