/**
 * DingTalk contact events on their way in: what a push says ({@link io.dingtalketl.events.EventPayloads}),
 * the durable inbox every transport commits to before DingTalk is acknowledged
 * ({@link io.dingtalketl.events.EventInbox}, sole owner of {@code etl_event_inbox} and {@code etl_event_entity}),
 * and the transports: Stream mode through DingTalk's SDK and the encrypted HTTP callback. Applying the
 * events to the warehouse is the job's business ({@code io.dingtalketl.eventsync}), not this package's.
 */
@NullMarked
package io.dingtalketl.events;

import org.jspecify.annotations.NullMarked;
