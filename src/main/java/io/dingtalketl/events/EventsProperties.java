package io.dingtalketl.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.dingtalketl.client.CallbackCrypto;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Contact events ({@code etl.events.*}): how they arrive and how often they are applied.
 *
 * @param applyInterval   at most one apply run per interval: arrivals within it are coalesced into one run
 * @param catchUpInterval how often pushes DingTalk failed to deliver are fetched (HTTP callback mode)
 * @param stream          Stream mode (DingTalk's recommended transport)
 * @param callback        the encrypted HTTP callback
 * @param healthPort      {@code serve} answers {@code GET /health} on this port of 127.0.0.1 (0: any free port, -1: off)
 */
@ConfigurationProperties("etl.events")
public record EventsProperties(@DefaultValue("5s") Duration applyInterval,
                               @DefaultValue("10m") Duration catchUpInterval,
                               @DefaultValue Stream stream,
                               @DefaultValue Callback callback,
                               @DefaultValue("8081") int healthPort) {

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

        private static final String PREFIX = "etl.events.callback.";

        /** The key DingTalk encrypts with: {@code owner-key}, else the app key. */
        public @Nullable String ownerKeyOr(@Nullable String appKey) {
            return ownerKey != null && !ownerKey.isBlank() ? ownerKey : appKey;
        }

        /**
         * What keeps the endpoint from working when enabled, each naming the setting to fix and never showing a
         * secret: the token, the AES key and the owner key (DingTalk's rules, {@link CallbackCrypto#of}), the path,
         * the port and the clock skew. {@code appKey} is {@code dingtalk.app-key}, the owner key's default.
         */
        public List<InvalidConfigurationPropertyValueException> problems(@Nullable String appKey) {
            List<InvalidConfigurationPropertyValueException> problems = new ArrayList<>();
            if (!enabled) {
                return problems;
            }
            try {
                CallbackCrypto.of(token, aesKey, ownerKeyOr(appKey));
            } catch (CallbackCrypto.InvalidSettingException e) {
                String name = PREFIX + e.setting().key();
                String also = e.setting() == CallbackCrypto.Setting.OWNER_KEY ? " (nor dingtalk.app-key, its default)" : "";
                // the value stays out of the exception: Boot's failure report would print it
                problems.add(new InvalidConfigurationPropertyValueException(name, null, PREFIX + "enabled is true, but "
                        + name + also + " " + e.problem() + ": set it to " + e.setting().expected() + " (environment variable "
                        + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + ")."));
            }
            if (!path.startsWith("/")) {
                problems.add(new InvalidConfigurationPropertyValueException(PREFIX + "path", path,
                        PREFIX + "path must start with '/' (the callback URL's path, e.g. /dingtalk/events)."));
            }
            if (port < 0 || port > 65535) {
                problems.add(new InvalidConfigurationPropertyValueException(PREFIX + "port", port,
                        PREFIX + "port must be 0 (any free port) to 65535, was " + port + "."));
            }
            if (maxClockSkew.isNegative() || maxClockSkew.isZero()) {
                problems.add(new InvalidConfigurationPropertyValueException(PREFIX + "max-clock-skew", maxClockSkew,
                        PREFIX + "max-clock-skew must be a positive duration such as 10m (pushes stamped further from now "
                                + "are refused), was " + maxClockSkew + "."));
            }
            return problems;
        }

        @Override
        public String toString() {
            // never the token or the AES key
            return "Callback[enabled=" + enabled + ", bindAddress=" + bindAddress + ", port=" + port + ", path=" + path
                    + ", token=" + mask(token) + ", aesKey=" + mask(aesKey) + ", ownerKey=" + ownerKey
                    + ", maxClockSkew=" + maxClockSkew + "]";
        }

        private static String mask(@Nullable String secret) {
            return secret == null || secret.isBlank() ? "<unset>" : "******";
        }
    }
}
