package io.dingtalketl.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import io.dingtalketl.client.wire.TokenResponse;
import org.jspecify.annotations.Nullable;

/**
 * The app's access token, one per client and shared by all threads. With an app key and secret it is
 * fetched from {@code gettoken}, cached, and renewed {@code refreshAhead} before it expires (DingTalk
 * hands back the same token, extended, when asked within its lifetime); when DingTalk rejects it anyway
 * (40001, 40014, 42001, 33001) {@link #renewAfterRejection} fetches a new one, once for all threads that
 * saw the rejected token. With a fixed token there is nothing to renew, and a rejection is a clear failure.
 */
final class AccessTokenProvider {

    private record CachedToken(String value, Instant expiresAt, Instant renewAt) {
    }

    private final @Nullable String fixedToken;
    private final @Nullable Supplier<TokenResponse> fetcher;
    private final Duration refreshAhead;
    private final SecretRedactor redactor;
    private final Clock clock;
    private volatile @Nullable CachedToken cached;

    private AccessTokenProvider(@Nullable String fixedToken, @Nullable Supplier<TokenResponse> fetcher,
                                Duration refreshAhead, SecretRedactor redactor, Clock clock) {
        this.fixedToken = fixedToken;
        this.fetcher = fetcher;
        this.refreshAhead = refreshAhead;
        this.redactor = redactor;
        this.clock = clock;
    }

    static AccessTokenProvider fixed(String token, SecretRedactor redactor) {
        redactor.register(token);
        return new AccessTokenProvider(token, null, Duration.ZERO, redactor, Clock.systemUTC());
    }

    static AccessTokenProvider fetching(Supplier<TokenResponse> fetcher, Duration refreshAhead, SecretRedactor redactor) {
        return new AccessTokenProvider(null, fetcher, refreshAhead, redactor, Clock.systemUTC());
    }

    String current() {
        if (fixedToken != null) {
            return fixedToken;
        }
        CachedToken token = cached;
        if (token != null && clock.instant().isBefore(token.renewAt())) {
            return token.value();
        }
        return refresh(token);
    }

    /** Called when DingTalk rejected {@code rejected}: renews unless another thread already has. */
    String renewAfterRejection(String rejected, DingTalkApiException rejection) {
        if (fixedToken != null) {
            throw rejection.withMessage("DingTalk rejected the configured access token (errcode " + rejection.errcode()
                    + ", " + rejection.errmsg() + "): a fixed dingtalk.access-token cannot be renewed once it has expired. "
                    + "Configure dingtalk.app-key and dingtalk.app-secret so the token is fetched and renewed automatically.");
        }
        CachedToken token = cached;
        if (token != null && !token.value().equals(rejected)) {
            return token.value();
        }
        return refresh(token);
    }

    private synchronized String refresh(@Nullable CachedToken seen) {
        CachedToken now = cached;
        if (now != seen && now != null && clock.instant().isBefore(now.renewAt())) {
            return now.value(); // another thread renewed while this one waited
        }
        TokenResponse response = fetcher.get();
        String value = response.accessToken();
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("DingTalk gettoken answered errcode 0 without an access_token");
        }
        redactor.register(value);
        long lifetime = response.expiresIn() == null || response.expiresIn() <= 0 ? 7200 : response.expiresIn();
        Instant fetchedAt = clock.instant();
        Duration life = Duration.ofSeconds(lifetime);
        // Renew refreshAhead before expiry, but never later than half-way through a short lifetime.
        Duration ahead = refreshAhead.compareTo(life.dividedBy(2)) > 0 ? life.dividedBy(2) : refreshAhead;
        cached = new CachedToken(value, fetchedAt.plus(life), fetchedAt.plus(life).minus(ahead));
        return value;
    }
}
