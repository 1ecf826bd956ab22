package io.dingtalketl.events;

/** What an event's ids name. */
public enum EntityKind {
    USER, DEPARTMENT
}
