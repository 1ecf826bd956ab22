package io.dingtalketl.events;

/**
 * Told when a transport has committed a new event to the inbox, e.g. to schedule an apply run sooner.
 * Called on the transport's thread after the commit; it must return quickly and must not throw.
 */
public interface InboxArrivals {

    void arrived();
}
