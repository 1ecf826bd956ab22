package io.dingtalketl.ops;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration check, without starting the application. */
class ConfigurationCheckTest {

    @Test
    void chunkTimeLimitMustBePositive() {
        MockEnvironment environment = new MockEnvironment().withProperty("etl.chunks.max-time", "0s");

        assertThat(ConfigurationCheck.check(environment, true))
                .containsExactly("etl.chunks.max-time must be a positive duration such as 1s, was PT0S.");
    }

    @Test
    void matchRulesMustBeKnownRulesEachGivenOnce() {
        assertThat(ConfigurationCheck.check(new MockEnvironment().withProperty("etl.match.rules", "email, phone"), true))
                .containsExactly("etl.match: Unknown match rule 'phone'; known: employee-number, username-job-number, email, org-email, mobile.");
        assertThat(ConfigurationCheck.check(new MockEnvironment().withProperty("etl.match.rules", "org-email, employee-number"), true)).isEmpty();
    }

    @Test
    void rawPunchesThatHashNeedTheSaltAndABadPolicyIsNamed() {
        assertThat(ConfigurationCheck.check(new MockEnvironment().withProperty("etl.attendance.punches.enabled", "true"), true))
                .singleElement().asString().contains("etl.attendance.punches", "etl.pii.salt");
        assertThat(ConfigurationCheck.check(new MockEnvironment().withProperty("etl.attendance.punches.enabled", "true")
                .withProperty("etl.pii.salt", "s3cret"), true)).isEmpty();
        assertThat(ConfigurationCheck.check(new MockEnvironment().withProperty("etl.attendance.punches.enabled", "true")
                .withProperty("etl.attendance.punches.device", "drop").withProperty("etl.attendance.punches.network", "keep"), true))
                .isEmpty();
        assertThat(ConfigurationCheck.check(new MockEnvironment(), true)).as("off by default: no salt needed").isEmpty();
        assertThat(ConfigurationCheck.check(new MockEnvironment().withProperty("etl.attendance.nightly.policy", "sometimes"), true))
                .singleElement().asString().contains("etl.attendance.nightly");
    }

    @Test
    void chunkTimeLimitHasADefault() {
        assertThat(ConfigurationCheck.check(new MockEnvironment(), true)).isEmpty();
        assertThat(ConfigurationCheck.check(new MockEnvironment().withProperty("etl.chunks.max-time", "500ms"), true)).isEmpty();
    }

    @Test
    void anEnabledCallbackNeedsItsTokenAndKeyAndNeverShowsThem() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("etl.events.callback.enabled", "true")
                .withProperty("etl.events.callback.aes-key", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG")
                .withProperty("etl.events.callback.path", "dingtalk/events");

        assertThat(ConfigurationCheck.check(environment, true)).containsExactly(
                "etl.events.callback.token: etl.events.callback.enabled is true, but etl.events.callback.token is not set: "
                        + "set it to the developer console's Token: 3 to 32 letters or digits (environment variable "
                        + "ETL_EVENTS_CALLBACK_TOKEN).",
                "etl.events.callback.path: etl.events.callback.path must start with '/' (the callback URL's path, "
                        + "e.g. /dingtalk/events).");
        assertThat(ConfigurationCheck.check(environment.withProperty("etl.events.callback.token", "etlToken")
                .withProperty("etl.events.callback.aes-key", "0123456789abcdefghijklmnopqrstuvwxyzABCD")
                .withProperty("etl.events.callback.path", "/dingtalk/events")
                .withProperty("dingtalk.app-key", "dingappkey").withProperty("dingtalk.app-secret", "appSecret"), true))
                .singleElement().asString()
                .contains("etl.events.callback.aes-key has 40 characters")
                .doesNotContain("0123456789abcdefghijklmnopqrstuvwxyzABCD").doesNotContain("etlToken");
    }

    @Test
    void aCallbackWithTokenKeyAndAppKeyPasses() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("etl.events.callback.enabled", "true")
                .withProperty("etl.events.callback.token", "etlToken")
                .withProperty("etl.events.callback.aes-key", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG")
                .withProperty("dingtalk.app-key", "dingappkey")
                .withProperty("dingtalk.app-secret", "appSecret");

        assertThat(ConfigurationCheck.check(environment, true)).isEmpty();
        assertThat(ConfigurationCheck.check(environment.withProperty("dingtalk.app-key", "").withProperty("dingtalk.app-secret", ""),
                true)).singleElement().asString()
                .contains("etl.events.callback.owner-key (nor dingtalk.app-key, its default) is not set");
    }

    @Test
    void meteredApisAreEndpointKeysAndTheQuotaIsNotNegative() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("dingtalk.metered-apis", "attendance-list,attendence-listrecord,generic")
                .withProperty("dingtalk.monthly-quota", "-1");

        List<String> problems = ConfigurationCheck.check(environment, true);

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("dingtalk.metered-apis: 'attendence-listrecord' is not an"
                + " API this client calls").contains("known: gettoken, department-listsub").doesNotContain("generic,"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("dingtalk.metered-apis: 'generic'")
                .contains("etl.extracts.<name>.metered"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("monthly-quota").contains("must be 0 or more"));
        assertThat(ConfigurationCheck.check(new MockEnvironment().withProperty("dingtalk.metered-apis", "attendance-list,user-get")
                .withProperty("dingtalk.monthly-quota", "5000"), true)).isEmpty();
    }
}
