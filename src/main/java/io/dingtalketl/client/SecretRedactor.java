package io.dingtalketl.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Knows every secret this client holds (the app secret, the fixed token, each token it fetched) and
 * removes them from any text that leaves the client: DingTalk's own {@code errmsg}, transport error
 * messages. Thread-safe.
 */
final class SecretRedactor {

    private static final String MASK = "******";
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    void register(@Nullable String secret) {
        if (secret != null && secret.length() >= 4) {
            secrets.add(secret);
        }
    }

    @Nullable String redact(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        // Belt and braces: a query string in a message never shows its values.
        return out.replaceAll("(?i)(access_token|appsecret|app_secret)=[^&\\s\"]+", "$1=" + MASK);
    }
}
