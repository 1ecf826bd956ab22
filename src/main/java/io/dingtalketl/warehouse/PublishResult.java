package io.dingtalketl.warehouse;

/** The counts of one publish, per dimension, and the values the run cut to fit their columns. */
public record PublishResult(EntityCounts departments, EntityCounts users, EntityCounts memberships,
                            TruncatedValues truncated) {

    public PublishResult(EntityCounts departments, EntityCounts users, EntityCounts memberships) {
        this(departments, users, memberships, TruncatedValues.NONE);
    }
}
