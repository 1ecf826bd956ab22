package io.dingtalketl.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The command line ({@code etl.launcher.*}).
 *
 * @param enabled run the command given on the command line once the application has started; tests and the
 *                benchmark that launch jobs themselves turn it off
 */
@ConfigurationProperties("etl.launcher")
public record LauncherProperties(@DefaultValue("true") boolean enabled) {

    /** Matches when {@code etl.launcher.enabled} is true, bound with the default above. */
    static class Enabled implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment()).bindOrCreate("etl.launcher", LauncherProperties.class).enabled();
        }
    }
}
