package io.dingtalketl.simulator;

import io.dingtalketl.client.DingTalkEndpoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which upcoming calls fail, and how. Three kinds of rules:
 * <ul>
 *   <li>queued faults ({@code failNext}): the next N calls to one API fail, one fault each;</li>
 *   <li>cycles ({@code failEvery}): every Nth call to one API fails, with the next fault of a list in turn;</li>
 *   <li>trip wires ({@code failAfter}): after N more successful calls (to one API, or to any API but
 *       gettoken), every further call fails until the plan is cleared.</li>
 * </ul>
 * A call takes a {@link Ticket} before it is served and finishes it with its outcome, so a trip wire
 * lets through exactly N successes even when calls run concurrently. Thread safe.
 */
final class FaultPlan {

    private final Map<DingTalkEndpoint, ArrayDeque<Fault>> queued = new EnumMap<>(DingTalkEndpoint.class);
    private final Map<DingTalkEndpoint, Cycle> cycles = new EnumMap<>(DingTalkEndpoint.class);
    private final List<TripWire> tripWires = new ArrayList<>();
    private final AtomicLong injected = new AtomicLong();

    /** A call's fate: a fault to answer with, or a pass whose outcome must be reported. */
    final class Ticket {
        private final Fault fault;
        private final List<TripWire> reserved;

        private Ticket(Fault fault, List<TripWire> reserved) {
            this.fault = fault;
            this.reserved = reserved;
        }

        /** The fault to inject, or null to serve the call normally. */
        Fault fault() {
            return fault;
        }

        void finish(boolean succeeded) {
            if (reserved.isEmpty()) {
                return;
            }
            synchronized (FaultPlan.this) {
                for (TripWire wire : reserved) {
                    wire.inFlight--;
                    if (succeeded) {
                        wire.successes++;
                    }
                }
            }
        }
    }

    private static final class Cycle {
        final int every;
        final List<Fault> faults;
        long calls;
        int next;

        Cycle(int every, List<Fault> faults) {
            this.every = every;
            this.faults = List.copyOf(faults);
        }

        /** Counts a call; the fault it fails with, or null. */
        Fault take() {
            return ++calls % every == 0 ? faults.get(next++ % faults.size()) : null;
        }
    }

    private static final class TripWire {
        final DingTalkEndpoint endpoint; // null: every API except gettoken
        final int allowedSuccesses;
        final Fault fault;
        int successes;
        int inFlight;

        TripWire(DingTalkEndpoint endpoint, int allowedSuccesses, Fault fault) {
            this.endpoint = endpoint;
            this.allowedSuccesses = allowedSuccesses;
            this.fault = fault;
        }

        boolean covers(DingTalkEndpoint e) {
            return endpoint == null ? e != DingTalkEndpoint.GET_TOKEN : endpoint == e;
        }
    }

    synchronized void failNext(DingTalkEndpoint endpoint, int times, Fault fault) {
        ArrayDeque<Fault> faults = queued.computeIfAbsent(endpoint, e -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            faults.add(fault);
        }
    }

    synchronized void failEvery(DingTalkEndpoint endpoint, int every, List<Fault> faults) {
        if (every < 1 || faults.isEmpty()) {
            throw new IllegalArgumentException("failEvery needs every >= 1 and at least one fault");
        }
        cycles.put(endpoint, new Cycle(every, faults));
    }

    synchronized void failAfter(DingTalkEndpoint endpointOrNull, int successfulCalls, Fault fault) {
        tripWires.add(new TripWire(endpointOrNull, successfulCalls, fault));
    }

    synchronized void clear() {
        queued.clear();
        cycles.clear();
        tripWires.clear();
    }

    /** Faults injected so far, by every rule. */
    long injected() {
        return injected.get();
    }

    synchronized Ticket take(DingTalkEndpoint endpoint) {
        Ticket ticket = decide(endpoint);
        if (ticket.fault != null) {
            injected.incrementAndGet();
        }
        return ticket;
    }

    private Ticket decide(DingTalkEndpoint endpoint) {
        ArrayDeque<Fault> faults = queued.get(endpoint);
        if (faults != null && !faults.isEmpty()) {
            return new Ticket(faults.poll(), List.of());
        }
        Cycle cycle = cycles.get(endpoint);
        Fault cycled = cycle == null ? null : cycle.take();
        if (cycled != null) {
            return new Ticket(cycled, List.of());
        }
        if (tripWires.isEmpty()) {
            return new Ticket(null, List.of());
        }
        List<TripWire> reserved = new ArrayList<>(1);
        for (TripWire wire : tripWires) {
            if (wire.covers(endpoint)) {
                if (wire.successes + wire.inFlight >= wire.allowedSuccesses) {
                    return new Ticket(wire.fault, List.of());
                }
                reserved.add(wire);
            }
        }
        reserved.forEach(w -> w.inFlight++);
        return new Ticket(null, reserved);
    }
}
