package io.dingtalketl.warehouse;

/** The counts of one publish, per dimension. */
public record PublishResult(EntityCounts departments, EntityCounts users, EntityCounts memberships) {
}
