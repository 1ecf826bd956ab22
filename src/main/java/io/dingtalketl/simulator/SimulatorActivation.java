package io.dingtalketl.simulator;

import java.util.Arrays;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The one rule for when the embedded DingTalk simulator serves a run instead of DingTalk. It invents an
 * organization, so it runs only where nobody can mistake it for DingTalk's truth:
 * <ul>
 *   <li>{@code etl.simulator.enabled=true} (the {@code demo} command sets it): on;</li>
 *   <li>{@code etl.simulator.enabled=false}: off;</li>
 *   <li>{@code auto} (the default): on only when no DingTalk credentials are configured <em>and</em>
 *       everything is the embedded default: no Spring profile active and the H2 database under
 *       {@code ./data}. A production launch with its credentials forgotten therefore gets no simulator,
 *       and the configuration check stops it (exit 2, nothing written).</li>
 * </ul>
 */
public final class SimulatorActivation {

    /** Where the embedded default database lives ({@code spring.datasource.url} in application.yml). */
    static final String EMBEDDED_DATABASE_PREFIX = "jdbc:h2:file:./data/";

    private SimulatorActivation() {
    }

    /** Whether the simulator runs, and why (for logs and error messages). */
    public record Decision(boolean on, String reason) {
    }

    public static Decision decide(Environment env) {
        SimulatorProperties.Mode enabled;
        try {
            enabled = Binder.get(env).bindOrCreate("etl.simulator", SimulatorProperties.class).enabled();
        } catch (BindException e) {
            return new Decision(false, "etl.simulator is not valid (" + e.getProperty() + ")");
        }
        switch (enabled) {
            case TRUE -> {
                return new Decision(true, "etl.simulator.enabled=true");
            }
            case FALSE -> {
                return new Decision(false, "etl.simulator.enabled=false");
            }
            case AUTO -> {
            }
        }
        if (StringUtils.hasText(env.getProperty("dingtalk.app-key")) || StringUtils.hasText(env.getProperty("dingtalk.app-secret"))
                || StringUtils.hasText(env.getProperty("dingtalk.access-token"))) {
            return new Decision(false, "DingTalk credentials are configured");
        }
        if (env.getActiveProfiles().length > 0) {
            return new Decision(false, "Spring profile " + String.join(", ", Arrays.asList(env.getActiveProfiles()))
                    + " is active, so this is not the embedded default");
        }
        String url = env.getProperty("spring.datasource.url", "");
        if (!url.startsWith(EMBEDDED_DATABASE_PREFIX)) {
            return new Decision(false, "the database is " + withoutQuery(url) + ", not the embedded default (H2 under ./data)");
        }
        return new Decision(true, "no DingTalk credentials, embedded defaults (H2 under ./data, no profile)");
    }

    /** A JDBC URL without its query string, which may carry a password. */
    private static String withoutQuery(String url) {
        int cut = url.indexOf('?');
        int semicolon = url.indexOf(';');
        if (semicolon >= 0 && (cut < 0 || semicolon < cut)) {
            cut = semicolon;
        }
        return cut < 0 ? url : url.substring(0, cut);
    }
}
