package io.dingtalketl.eventsync;

/**
 * Told when applying contact events needs a person: the deletion guard held a burst, or DingTalk refused to
 * let the app read an entity (a permission or scope missing). The job owns this interface; the command line's
 * notifier implements it (a DingTalk work notification to the admins).
 */
public interface EventAttentionListener {

    /** {@code title} in a few words, {@code text} (Markdown) saying what happened and what to do. */
    void needsAttention(String title, String text);
}
