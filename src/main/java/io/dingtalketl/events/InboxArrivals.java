package io.dingtalketl.events;

/** Told after each event newly committed to the inbox, so that something can apply it soon. */
public interface InboxArrivals {

    void arrived();
}
