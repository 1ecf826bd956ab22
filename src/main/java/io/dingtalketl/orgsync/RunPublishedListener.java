package io.dingtalketl.orgsync;

/**
 * What the org sync job tells about a run it has published: plug a change report, a notification or an
 * export in here (a bean of this type), without the job knowing about it. Implementations are called on
 * the job's thread; {@link #published} must not throw (the warehouse has changed by then, and the run
 * stays a success).
 */
public interface RunPublishedListener {

    /** Run {@code runId} has completed and its publish is committed. */
    void published(long runId);

    /**
     * A dry run has merged run {@code runId} in a transaction that is about to be rolled back: read now what
     * must outlive the rollback (the warehouse shows the merged state only until then). The returned action
     * runs once the transaction has ended. An exception fails the dry run's publish step.
     */
    Runnable dryRunMerged(long runId);
}
