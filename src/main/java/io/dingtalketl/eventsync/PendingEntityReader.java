package io.dingtalketl.eventsync;

import java.util.List;

import io.dingtalketl.events.EventInbox;
import io.dingtalketl.events.EventInbox.PendingEntity;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * Pages of pending entities, in the order of their earliest pending event; each page is one chunk. It keeps no
 * restart state: a page's entities are settled in the inbox in the chunk's transaction, so after a failure the
 * pending entities are exactly the ones still to apply.
 */
class PendingEntityReader implements ItemReader<List<PendingEntity>> {

    private final EventInbox inbox;
    private final int pageSize;
    private @Nullable PendingEntity last;

    PendingEntityReader(EventInbox inbox, int pageSize) {
        this.inbox = inbox;
        this.pageSize = pageSize;
    }

    @Override
    public @Nullable List<PendingEntity> read() {
        List<PendingEntity> page = inbox.pendingEntities(last, pageSize);
        if (page.isEmpty()) {
            return null;
        }
        last = page.get(page.size() - 1);
        return page;
    }
}
