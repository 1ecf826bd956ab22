package io.dingtalketl.events;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One event as a transport received it, ready for the inbox.
 *
 * @param eventId    DingTalk's event id (or a digest of the payload when a legacy push carries none)
 * @param type       the event type as DingTalk spelled it
 * @param kind       what {@code entityIds} name; null for a type the warehouse does not follow
 * @param entityIds  userids or department ids, as text
 * @param bornAt     when DingTalk says the change happened
 * @param payload    the event as received, decrypted JSON
 * @param transport  how it came
 * @param problem    why it cannot be applied (it is quarantined), or null
 */
public record InboundEvent(String eventId, String type, @Nullable EntityKind kind, List<String> entityIds, Instant bornAt,
                           String payload, Transport transport, @Nullable String problem) {

    public InboundEvent {
        entityIds = List.copyOf(entityIds);
    }
}
