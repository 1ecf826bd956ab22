package io.dingtalketl.simulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens as DingTalk issues them: fetching again within the lifetime returns the same token
 * and extends it; after expiry a new one is issued, and the old one answers 42001 from then on.
 * Thread safe.
 */
final class TokenRegistry {

    enum Status { VALID, UNKNOWN, EXPIRED }

    record Issued(String token, long expiresInSeconds) {
    }

    private final SecureRandom random = new SecureRandom();
    /** Token to expiry ({@link SimulatorClock#nanoTime()}); expired tokens stay so they can answer 42001. */
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private String current;
    private final SimulatorClock clock;

    TokenRegistry(SimulatorClock clock) {
        this.clock = clock;
    }

    private long now() {
        return clock.nanoTime();
    }

    synchronized Issued issue(Duration lifetime) {
        long now = now();
        if (current == null || expiries.get(current) - now <= 0) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            current = HexFormat.of().formatHex(bytes);
        }
        expiries.put(current, now + lifetime.toNanos());
        long seconds = Math.max(1, (lifetime.toMillis() + 999) / 1000);
        return new Issued(current, seconds);
    }

    Status check(String token) {
        Long expiry = expiries.get(token);
        if (expiry == null) {
            return Status.UNKNOWN;
        }
        return expiry - now() > 0 ? Status.VALID : Status.EXPIRED;
    }

    /** Every token issued so far answers 42001 from now on; the next gettoken issues a new one. */
    synchronized void expireAll() {
        long past = now() - 1;
        expiries.replaceAll((token, expiry) -> Math.min(expiry, past));
    }
}
