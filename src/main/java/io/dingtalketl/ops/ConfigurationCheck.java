package io.dingtalketl.ops;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.client.DingTalkTargetOverride;
import io.dingtalketl.batch.HeartbeatProperties;
import io.dingtalketl.events.EventsProperties;
import io.dingtalketl.ops.report.NotifyProperties;
import io.dingtalketl.ops.report.ReportProperties;
import io.dingtalketl.orgsync.EtlProperties;
import io.dingtalketl.orgsync.PiiPolicy;
import io.dingtalketl.simulator.SimulatorActivation;
import io.dingtalketl.simulator.SimulatorProperties;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Checks the whole configuration before any bean is created (so before the database is opened or
 * migrated) and reports every problem in one message. Each section is bound as the application binds it
 * (with its {@code @DefaultValue} defaults) and checked against its bean validation annotations, where the
 * rules on single settings live (sizes, ratios, durations); the rules that span settings live here
 * (credentials or the simulator, a hash policy without salt) or with their section
 * ({@link NotifyProperties#problems}, {@link EventsProperties.Callback#problems}).
 */
@Component
class ConfigurationCheck implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        // a context that supplies its own DingTalk target (an embedded simulator) needs no credentials
        boolean targetSupplied = beanFactory.getBeanNamesForType(DingTalkTargetOverride.class, false, false).length > 0;
        List<String> problems = check(environment, targetSupplied);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    static List<String> check(Environment environment, boolean targetSupplied) {
        List<String> problems = new ArrayList<>();
        Binder binder = Binder.get(environment);
        // section by section, so that one unreadable value does not hide the problems of the others; each
        // section bound as the application binds it (its @DefaultValue defaults), and its single-key rules
        // are its bean validation annotations
        DingTalkProperties dingtalk = bind(binder, "dingtalk", DingTalkProperties.class, problems);
        bind(binder, "etl.simulator", SimulatorProperties.class, problems);
        SimulatorActivation.Decision simulator = SimulatorActivation.decide(environment);
        if (dingtalk != null) {
            checkDingTalk(dingtalk, targetSupplied || simulator.on(), simulator.reason(), problems);
        }
        for (RecordComponent section : EtlProperties.class.getRecordComponents()) {
            Object bound = bind(binder, "etl." + kebab(section.getName()), section.getType(), problems);
            if (bound instanceof EtlProperties.Pii pii) {
                checkPii(pii, problems);
            }
        }
        NotifyProperties notify = bind(binder, "etl.notify", NotifyProperties.class, problems);
        if (notify != null && dingtalk != null) {
            notify.problems(dingtalk.agentId()).forEach(p -> problems.add(p.getName() + ": " + p.getReason()));
        }
        EventsProperties events = bind(binder, "etl.events", EventsProperties.class, problems);
        if (events != null && dingtalk != null) {
            events.callback().problems(dingtalk.appKey()).forEach(p -> problems.add(p.getName() + ": " + p.getReason()));
        }
        bind(binder, "etl.report", ReportProperties.class, problems);
        bind(binder, "etl.attendance", io.dingtalketl.attendance.AttendanceProperties.class, problems);
        bind(binder, "etl.match", io.dingtalketl.identity.MatchProperties.class, problems);
        bind(binder, "etl.attendance.nightly", io.dingtalketl.attendance.NightlyProperties.class, problems);
        io.dingtalketl.attendance.PunchProperties punches = bind(binder, "etl.attendance.punches",
                io.dingtalketl.attendance.PunchProperties.class, problems);
        if (punches != null && punches.enabled() && java.util.stream.Stream.of(punches.location(), punches.device(), punches.network(),
                punches.photo()).anyMatch(policy -> policy == PiiPolicy.HASH)
                && !StringUtils.hasText(binder.bind("etl.pii.salt", String.class).orElse(null))) {
            problems.add("etl.attendance.punches: raw punches are enabled and a field group uses 'hash' (device and network do by"
                    + " default) but etl.pii.salt (ETL_PII_SALT) is empty; without a secret salt device ids and Wi-Fi MAC"
                    + " addresses can be recovered from their hashes. Set the salt, or set those groups to keep or drop.");
        }
        bind(binder, "etl.provision", io.dingtalketl.provision.ProvisionProperties.class, problems);
        bind(binder, "etl.heartbeat", HeartbeatProperties.class, problems);
        bind(binder, "etl.launcher", LauncherProperties.class, problems);
        return problems;
    }

    private static void checkDingTalk(DingTalkProperties p, boolean simulator, String simulatorOff, List<String> problems) {
        URI url = p.baseUrl();
        if (url == null || url.getHost() == null || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
            problems.add("dingtalk.base-url must be an http(s) URL such as https://oapi.dingtalk.com, was '" + url + "'.");
        }
        boolean key = StringUtils.hasText(p.appKey());
        boolean secret = StringUtils.hasText(p.appSecret());
        if (key != secret) {
            problems.add(key ? "dingtalk.app-key is set but dingtalk.app-secret (DINGTALK_APP_SECRET) is not."
                    : "dingtalk.app-secret is set but dingtalk.app-key (DINGTALK_APP_KEY) is not.");
        }
        if (!simulator && !p.hasCredentials()) {
            problems.add("No DingTalk credentials: set dingtalk.app-key and dingtalk.app-secret (DINGTALK_APP_KEY, "
                    + "DINGTALK_APP_SECRET) or dingtalk.access-token. The embedded simulator, which invents an organization, "
                    + "is not used here (" + simulatorOff + "); it runs for the demo command or etl.simulator.enabled=true.");
        }
        if (p.endpoints() != null) {
            p.endpoints().keySet().stream().filter(k -> DingTalkEndpoint.byKey(k).isEmpty()).forEach(k -> problems.add(
                    "dingtalk.endpoints." + k + ": unknown endpoint; known: " + String.join(", ",
                            java.util.Arrays.stream(DingTalkEndpoint.values()).map(DingTalkEndpoint::key).toList()) + "."));
        }
        p.unknownMeteredApis().forEach(k -> problems.add("dingtalk.metered-apis: '" + k + "' is not an API this client calls"
                + " (a configured extract says itself whether it is metered: etl.extracts.<name>.metered); known: "
                + String.join(", ", java.util.Arrays.stream(DingTalkEndpoint.values()).filter(e -> e != DingTalkEndpoint.GENERIC)
                        .map(DingTalkEndpoint::key).toList()) + "."));
    }

    private static void checkPii(EtlProperties.Pii pii, List<String> problems) {
        boolean hashing = pii.mobile() == PiiPolicy.HASH || pii.email() == PiiPolicy.HASH || pii.orgEmail() == PiiPolicy.HASH;
        if (hashing && !StringUtils.hasText(pii.salt())) {
            problems.add("etl.pii: a field uses 'hash' but etl.pii.salt (ETL_PII_SALT) is empty; without a secret salt "
                    + "phone numbers can be recovered from their hashes.");
        }
    }

    /** Binds one section with its defaults and adds what is wrong with it; null when it cannot be bound. */
    private static <T> @Nullable T bind(Binder binder, String prefix, Class<T> type, List<String> problems) {
        T section;
        try {
            section = binder.bindOrCreate(prefix, Bindable.of(type));
        } catch (BindException e) {
            problems.add(describe(e));
            return null;
        }
        Validator validator = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
        validator.validate(section).stream()
                .sorted(java.util.Comparator.comparing(v -> v.getPropertyPath().toString()))
                .forEach(v -> problems.add(prefix + "." + kebabPath(v.getPropertyPath().toString()) + " " + v.getMessage()
                        + ", was " + v.getInvalidValue() + "."));
        return section;
    }

    private static String kebabPath(String propertyPath) {
        return java.util.Arrays.stream(propertyPath.split("\\.")).map(ConfigurationCheck::kebab)
                .collect(java.util.stream.Collectors.joining("."));
    }

    private static String kebab(String name) {
        String plain = name.replaceAll("\\[.*]", "");
        return plain.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String describe(BindException e) {
        String name = e.getProperty() != null ? e.getProperty().getName().toString() : e.getName().toString();
        Object value = e.getProperty() != null ? e.getProperty().getValue() : null;
        String hint = "";
        Class<?> c = e.getTarget() != null ? e.getTarget().getType().resolve() : null;
        if (c != null && c.isEnum()) {
            hint = " (one of " + String.join(", ", java.util.Arrays.stream(c.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT)).toList()) + ")";
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (value == null && hint.isEmpty()) {
            return name + ": " + root.getMessage();   // a section's own check (its constructor) said what is wrong
        }
        return name + ": '" + value + "' is not valid" + hint + (hint.isEmpty() ? " — " + root.getMessage() : "") + ".";
    }
}
