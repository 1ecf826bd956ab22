package io.dingtalketl.ops;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.client.DingTalkTargetOverride;
import io.dingtalketl.orgsync.EtlProperties;
import io.dingtalketl.orgsync.PiiPolicy;
import io.dingtalketl.simulator.SimulatorActivation;
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
 * migrated) and reports every problem in one message: missing credentials, a bad URL, an invalid ratio,
 * an unknown PII policy, a hash policy without salt, sizes out of range.
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
        DingTalkProperties dingtalk = bind(binder, "dingtalk", DingTalkProperties.class, problems);
        SimulatorActivation.Decision simulator = SimulatorActivation.decide(environment);
        String enabled = environment.getProperty("etl.simulator.enabled", "auto").trim().toLowerCase(Locale.ROOT);
        if (!List.of("auto", "true", "false").contains(enabled)) {
            problems.add("etl.simulator.enabled: '" + enabled + "' is not valid (one of auto, true, false).");
        }
        if (dingtalk != null) {
            checkDingTalk(dingtalk, targetSupplied || simulator.on(), simulator.reason(), problems);
        }
        // section by section, so that one unreadable value does not hide the problems of the others
        EtlProperties defaults = EtlProperties.defaults();
        EtlProperties.Org org = bind(binder, "etl.org", EtlProperties.Org.class, problems);
        EtlProperties.Departments departments = bind(binder, "etl.departments", EtlProperties.Departments.class, problems);
        EtlProperties.Details details = bind(binder, "etl.details", EtlProperties.Details.class, problems);
        EtlProperties.Users users = bind(binder, "etl.users", EtlProperties.Users.class, problems);
        EtlProperties.Publish publish = bind(binder, "etl.publish", EtlProperties.Publish.class, problems);
        EtlProperties.Pii pii = bind(binder, "etl.pii", EtlProperties.Pii.class, problems);
        EtlProperties.Chunks chunks = bind(binder, "etl.chunks", EtlProperties.Chunks.class, problems);
        checkEtl(new EtlProperties(org != null ? org : defaults.org(), departments != null ? departments : defaults.departments(),
                details != null ? details : defaults.details(), users != null ? users : defaults.users(),
                publish != null ? publish : defaults.publish(), pii != null ? pii : defaults.pii(),
                chunks != null ? chunks : defaults.chunks()), problems);
        if (Boolean.parseBoolean(environment.getProperty("etl.notify.enabled", "false"))) {
            if (!StringUtils.hasText(environment.getProperty("etl.notify.userids"))) {
                problems.add("etl.notify.enabled=true but etl.notify.userids is empty: name the admins' userids (comma-separated).");
            }
            if (dingtalk != null && dingtalk.agentId() == null) {
                problems.add("etl.notify.enabled=true but dingtalk.agent-id is not set: work notifications need the app's AgentId.");
            }
        }
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
        if (p.defaultQps() < 0) {
            problems.add("dingtalk.default-qps must be 0 (no limit) or more, was " + p.defaultQps() + ".");
        }
        if (p.endpoints() != null) {
            p.endpoints().keySet().stream().filter(k -> DingTalkEndpoint.byKey(k).isEmpty()).forEach(k -> problems.add(
                    "dingtalk.endpoints." + k + ": unknown endpoint; known: " + String.join(", ",
                            java.util.Arrays.stream(DingTalkEndpoint.values()).map(DingTalkEndpoint::key).toList()) + "."));
        }
        if (p.retry().maxAttempts() < 1) {
            problems.add("dingtalk.retry.max-attempts must be at least 1, was " + p.retry().maxAttempts() + ".");
        }
    }

    private static void checkEtl(EtlProperties p, List<String> problems) {
        double ratio = p.publish().maxDeleteRatio();
        if (ratio < 0 || ratio > 1 || Double.isNaN(ratio)) {
            problems.add("etl.publish.max-delete-ratio must be between 0 and 1 (a share of current rows), was " + ratio + ".");
        }
        if (p.users().pageSize() < 1 || p.users().pageSize() > 100) {
            problems.add("etl.users.page-size must be 1..100 (DingTalk's limit for v2/user/list), was " + p.users().pageSize() + ".");
        }
        if (p.users().gridSize() < 1) {
            problems.add("etl.users.grid-size must be at least 1, was " + p.users().gridSize() + ".");
        }
        if (p.users().chunkSize() < 1 || p.departments().chunkSize() < 1 || p.details().commitInterval() < 1) {
            problems.add("etl.users.chunk-size, etl.departments.chunk-size and etl.details.commit-interval must be at least 1.");
        }
        if (p.chunks().maxTime() == null || p.chunks().maxTime().isNegative() || p.chunks().maxTime().isZero()) {
            problems.add("etl.chunks.max-time must be a positive duration such as 1s, was " + p.chunks().maxTime() + ".");
        }
        if (p.departments().concurrency() < 1 || p.details().concurrency() < 1) {
            problems.add("etl.departments.concurrency and etl.details.concurrency must be at least 1.");
        }
        if (p.org().rootDeptIds() == null || p.org().rootDeptIds().isEmpty()) {
            problems.add("etl.org.root-dept-ids must name at least one department (DingTalk's root is 1).");
        }
        EtlProperties.Pii pii = p.pii();
        boolean hashing = pii.mobile() == PiiPolicy.HASH || pii.email() == PiiPolicy.HASH || pii.orgEmail() == PiiPolicy.HASH;
        if (hashing && !StringUtils.hasText(pii.salt())) {
            problems.add("etl.pii: a field uses 'hash' but etl.pii.salt (ETL_PII_SALT) is empty; without a secret salt "
                    + "phone numbers can be recovered from their hashes.");
        }
    }

    private static <T> T bind(Binder binder, String prefix, Class<T> type, List<String> problems) {
        try {
            return binder.bindOrCreate(prefix, Bindable.of(type));
        } catch (BindException e) {
            problems.add(describe(e));
            return null;
        }
    }

    private static String describe(BindException e) {
        String name = e.getProperty() != null ? e.getProperty().getName().toString() : e.getName().toString();
        Object value = e.getProperty() != null ? e.getProperty().getValue() : null;
        String target = e.getTarget() != null && e.getTarget().getType() != null ? e.getTarget().getType().toString() : "";
        String hint = "";
        if (target.endsWith("PiiPolicy")) {
            hint = " (one of keep, hash, drop)";
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return name + ": '" + value + "' is not valid" + hint + (hint.isEmpty() ? " — " + root.getMessage() : "") + ".";
    }
}
