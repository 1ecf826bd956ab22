package io.dingtalketl.orgsync;

/** How the publish step treats the warehouse (job parameter {@value OrgSyncJobConfiguration#DRY_RUN}). */
public enum PublishMode {

    /** Merge staging into the warehouse in the step's transaction, which commits. */
    PUBLISH,

    /**
     * Merge in a transaction of its own that is always rolled back: the counts and the change report say what
     * publishing would have done, and the warehouse is unchanged.
     */
    DRY_RUN;

    static PublishMode of(boolean dryRun) {
        return dryRun ? DRY_RUN : PUBLISH;
    }
}
