package io.dingtalketl.events;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Contact events ({@code etl.events.*}): how they arrive and how often they are applied.
 *
 * @param applyInterval   at most one apply run per interval: arrivals within it are coalesced into one run
 * @param catchUpInterval how often pushes DingTalk failed to deliver are fetched (HTTP callback mode)
 * @param stream          Stream mode (DingTalk's recommended transport)
 * @param callback        the encrypted HTTP callback
 */
@ConfigurationProperties("etl.events")
public record EventsProperties(@DefaultValue("5s") Duration applyInterval,
                               @DefaultValue("10m") Duration catchUpInterval,
                               @DefaultValue Stream stream,
                               @DefaultValue Callback callback) {

    /**
     * @param enabled         connect to DingTalk's Stream gateway with the app's credentials
     * @param openApiHost     the gateway's host, for a stand-in only (tests); unset means DingTalk's
     * @param consumerThreads events committed at once (at least 1): the inbox orders events by their birth time,
     *                        so arrival order does not matter, and each thread holds a database connection
     *                        while it commits (the SDK's own default, 16, would take most of the pool)
     * @param connectTimeout  time allowed for the WebSocket and TLS handshake; the SDK's default, 3 seconds, is
     *                        short for a busy host, and a connection that misses it stays open outside the
     *                        SDK's control (it never closes it) while the SDK opens another
     */
    public record Stream(@DefaultValue("false") boolean enabled, @Nullable String openApiHost,
                         @DefaultValue("4") int consumerThreads, @DefaultValue("10s") Duration connectTimeout) {
    }

    /**
     * @param enabled       serve the HTTP callback endpoint
     * @param bindAddress   address to listen on
     * @param port          port to listen on (0: any free port)
     * @param path          the callback URL's path, as registered in DingTalk's developer console
     * @param token         the console's "Token" (secret)
     * @param aesKey        the console's "EncodingAESKey", 43 characters (secret)
     * @param ownerKey      the key DingTalk encrypts with: the app key for an internal app's event subscription;
     *                      unset means {@code dingtalk.app-key}
     * @param maxClockSkew  a push whose timestamp is further from now than this is refused (replay)
     */
    public record Callback(@DefaultValue("false") boolean enabled,
                           @DefaultValue("0.0.0.0") String bindAddress,
                           @DefaultValue("8080") int port,
                           @DefaultValue("/dingtalk/events") String path,
                           @Nullable String token,
                           @Nullable String aesKey,
                           @Nullable String ownerKey,
                           @DefaultValue("10m") Duration maxClockSkew) {
    }
}
