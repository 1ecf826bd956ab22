/**
 * {@code eventSyncJob}: applies the contact events of the inbox to the warehouse. It reads the pending
 * entities coalesced (every pending event about one user or department is one item), fetches each one's
 * current state once, and writes its versions through the warehouse's {@link io.dingtalketl.warehouse.ContactVersions}
 * (the full sync's row hash, field mapper and SCD2 rule), settling the entity's events in the same
 * transaction. Launched by messages ({@link io.dingtalketl.eventsync.EventApplyTrigger}, through Spring Batch
 * Integration's {@code JobLaunchingGateway}) or from the command line.
 */
@NullMarked
package io.dingtalketl.eventsync;

import org.jspecify.annotations.NullMarked;
