package io.dingtalketl.eventsync;

import io.dingtalketl.events.EntityKind;
import io.dingtalketl.warehouse.ContactVersions.Outcome;

/** Names of the counts an apply run keeps in its step's execution context. */
final class EventSyncCounts {

    static final String EVENTS = "events.applied";
    static final String REFUSED = "entities.refused";
    static final String HELD = "entities.held";
    /** Entities whose events failed for the first time (a refusal someone should hear about once). */
    static final String NEWLY_REFUSED = "entities.refused.new";
    /** The first refusals' messages, one per line (a few). */
    static final String REFUSALS = "refusals";

    private EventSyncCounts() {
    }

    static String key(EntityKind kind, Outcome outcome) {
        return (kind == EntityKind.USER ? "users." : "departments.") + outcome.name().toLowerCase(java.util.Locale.ROOT);
    }
}
