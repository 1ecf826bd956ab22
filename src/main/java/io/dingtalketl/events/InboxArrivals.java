package io.dingtalketl.events;

/**
 * Told when a transport committed a new event to the {@link EventInbox}, so that whoever applies events can
 * start soon instead of waiting for its next round. Called on the transport's thread once the event is
 * durable, before DingTalk is answered: an implementation returns at once (it signals; the work happens
 * elsewhere), since DingTalk waits at most 1.5 s for the answer. What it throws is logged and changes nothing
 * about the receipt.
 */
@FunctionalInterface
public interface InboxArrivals {

    /** At least one new event is in the inbox. */
    void arrived();
}
