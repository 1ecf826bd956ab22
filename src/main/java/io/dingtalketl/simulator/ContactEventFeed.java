package io.dingtalketl.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The contact events the simulated organization raises as it changes, as DingTalk raises them for a
 * subscribed app: one event per change, naming ids only, stamped with the time it happened. Every public
 * mutation of {@link SimulatedOrg} and every change of a simulated day raises its event here; transports
 * (the HTTP callback pusher, a Stream stand-in) subscribe and deliver them in DingTalk's wire format.
 * Thread safe.
 */
public final class ContactEventFeed {

    /**
     * One event as DingTalk raises it.
     *
     * @param eventId  DingTalk's event id
     * @param type     e.g. {@code user_modify_org}
     * @param userIds  the users it names (user events)
     * @param deptIds  the departments it names (department events)
     * @param bornAt   when the change happened
     */
    public record Event(String eventId, String type, List<String> userIds, List<Long> deptIds, Instant bornAt) {

        public Event {
            userIds = List.copyOf(userIds);
            deptIds = List.copyOf(deptIds);
        }
    }

    private final List<Event> raised = new CopyOnWriteArrayList<>();
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

    /** Calls {@code subscriber} with every event raised from now on, on the thread that raises it. */
    public void subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Consumer<Event> subscriber) {
        subscribers.remove(subscriber);
    }

    /** Every event raised so far, in order. */
    public List<Event> raised() {
        return new ArrayList<>(raised);
    }

    void userEvent(String type, List<String> userids) {
        if (!userids.isEmpty()) {
            raise(new Event(newId(), type, userids, List.of(), now()));
        }
    }

    void departmentEvent(String type, List<Long> deptIds) {
        if (!deptIds.isEmpty()) {
            raise(new Event(newId(), type, List.of(), deptIds, now()));
        }
    }

    /** The events of a simulated day, all at the moment it was applied: departments first, then users. */
    void dayOfChanges(ChangeLog log) {
        Instant at = now();
        List<Event> events = new ArrayList<>();
        log.renamedDeptIds().forEach(id -> events.add(new Event(newId(), "org_dept_modify", List.of(), List.of(id), at)));
        log.movedDepartments().forEach(m -> events.add(new Event(newId(), "org_dept_modify", List.of(), List.of(m.deptId()), at)));
        log.rehomedMembers().forEach(m -> events.add(new Event(newId(), "user_modify_org", List.of(m.userid()), List.of(), at)));
        log.removedDeptIds().forEach(id -> events.add(new Event(newId(), "org_dept_remove", List.of(), List.of(id), at)));
        log.joinedUserids().forEach(id -> events.add(new Event(newId(), "user_add_org", List.of(id), List.of(), at)));
        log.leftUserids().forEach(id -> events.add(new Event(newId(), "user_leave_org", List.of(id), List.of(), at)));
        log.movedUsers().forEach(m -> events.add(new Event(newId(), "user_modify_org", List.of(m.userid()), List.of(), at)));
        log.renamedUserids().forEach(id -> events.add(new Event(newId(), "user_modify_org", List.of(id), List.of(), at)));
        log.titleChangedUserids().forEach(id -> events.add(new Event(newId(), "user_modify_org", List.of(id), List.of(), at)));
        events.forEach(this::raise);
    }

    private void raise(Event event) {
        raised.add(event);
        for (Consumer<Event> subscriber : subscribers) {
            subscriber.accept(event);
        }
    }

    /** DingTalk's event times are epoch milliseconds. */
    private static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
