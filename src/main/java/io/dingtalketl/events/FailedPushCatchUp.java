package io.dingtalketl.events;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.wire.FailedPushPage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches the HTTP-callback pushes DingTalk failed to deliver ({@code call_back/get_call_back_failed_result})
 * and commits each to the {@link EventInbox} as {@link Transport#CATCH_UP}, page after page until DingTalk says
 * there are no more. A failed push carries no event id: its id is a digest of the entry, so an entry seen twice
 * is a duplicate and changes nothing.
 *
 * <p>DingTalk deletes what it returns. Every entry of a page is therefore stored before the next page is asked
 * for, and when the inbox cannot store one, no further page is fetched: the entries that were lost are logged
 * in full (ids only, no secret) for an operator to replay, and {@link #catchUp()} throws.
 *
 * <p>Thread safe: one catch-up runs at a time. When and how often it runs is decided by its caller.
 */
public class FailedPushCatchUp {

    private static final Logger log = LoggerFactory.getLogger(FailedPushCatchUp.class);

    private final DingTalkClient client;
    private final EventInbox inbox;
    private final @Nullable InboxArrivals arrivals;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    FailedPushCatchUp(DingTalkClient client, EventInbox inbox, @Nullable InboxArrivals arrivals, Clock clock) {
        this.client = client;
        this.inbox = inbox;
        this.arrivals = arrivals;
        this.clock = clock;
    }

    /**
     * Fetches and stores every failed push DingTalk holds; returns how many were new to the inbox (duplicates
     * and URL checks are not counted, quarantined entries are stored but not counted either). Tells
     * {@link InboxArrivals} once when any was new.
     *
     * @throws IllegalStateException when the inbox could not store an entry DingTalk has already deleted
     * @throws io.dingtalketl.client.DingTalkApiException when DingTalk refuses the call
     */
    public synchronized int catchUp() {
        int fresh = 0;
        int fetched = 0;
        List<String> lost = new ArrayList<>();
        RuntimeException firstFailure = null;
        while (true) {
            FailedPushPage page = client.getFailedPushes();
            for (JsonNode failed : page.failed()) {
                fetched++;
                String entry = json.writeValueAsString(failed);
                try {
                    if (inbox.receive(EventPayloads.fromFailedPush(entry, clock.instant())) == EventInbox.Receipt.NEW) {
                        fresh++;
                    }
                } catch (RuntimeException e) {
                    lost.add(entry);
                    if (firstFailure == null) {
                        firstFailure = e;
                    }
                }
            }
            if (!lost.isEmpty() || !page.more()) {
                break;
            }
            if (page.failed().isEmpty()) {
                log.warn("DingTalk said more failed pushes wait but returned none; stopping this catch-up");
                break;
            }
        }
        if (fresh > 0 && arrivals != null) {
            try {
                arrivals.arrived();
            } catch (RuntimeException e) {
                log.warn("The inbox arrival listener failed; the events are stored and will be applied on the next round", e);
            }
        }
        if (!lost.isEmpty()) {
            log.error("Could not store {} of the {} failed pushes fetched from DingTalk, which has deleted them; "
                    + "replay them from here: {}", lost.size(), fetched, lost, firstFailure);
            throw new IllegalStateException("Could not store " + lost.size() + " failed pushes fetched from DingTalk "
                    + "(logged in full); the catch-up stopped", firstFailure);
        }
        if (fetched > 0) {
            log.info("Caught up {} failed DingTalk pushes, {} of them new", fetched, fresh);
        }
        return fresh;
    }
}
