package io.dingtalketl.eventsync;

import io.dingtalketl.events.EntityKind;
import io.dingtalketl.warehouse.ContactVersions.Outcome;

/** Names of the counts an apply run keeps in its step's execution context. */
final class EventSyncCounts {

    static final String EVENTS = "events.applied";
    static final String REFUSED = "entities.refused";
    static final String HELD = "entities.held";

    private EventSyncCounts() {
    }

    static String key(EntityKind kind, Outcome outcome) {
        return (kind == EntityKind.USER ? "users." : "departments.") + outcome.name().toLowerCase(java.util.Locale.ROOT);
    }
}
