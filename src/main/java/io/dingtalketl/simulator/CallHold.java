package io.dingtalketl.simulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dingtalketl.client.DingTalkEndpoint;

/**
 * Holds calls to one API: after {@code passing} calls have gone through, every further call waits, unanswered,
 * until {@link #release()}. A test holds what it waits for this way: a run that is surely mid-step, for as long
 * as the test needs it there, whatever the machine's speed. Thread safe.
 */
public final class CallHold {

    private final DingTalkEndpoint endpoint;
    private final AtomicInteger passes;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    CallHold(DingTalkEndpoint endpoint, int passing) {
        this.endpoint = endpoint;
        this.passes = new AtomicInteger(passing);
    }

    /** Waits until a call is being held; false when none arrived within {@code timeout}. */
    public boolean awaitHeld(Duration timeout) throws InterruptedException {
        return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets every held call, and every later one, through. */
    public void release() {
        released.countDown();
    }

    /** Called for every request before it is served: returns at once, or once released. */
    void pass(DingTalkEndpoint called) {
        if (called != endpoint || released.getCount() == 0 || passes.getAndDecrement() > 0) {
            return;
        }
        held.countDown();
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
