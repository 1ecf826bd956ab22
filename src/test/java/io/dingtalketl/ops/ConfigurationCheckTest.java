package io.dingtalketl.ops;

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
    void chunkTimeLimitHasADefault() {
        assertThat(ConfigurationCheck.check(new MockEnvironment(), true)).isEmpty();
        assertThat(ConfigurationCheck.check(new MockEnvironment().withProperty("etl.chunks.max-time", "500ms"), true)).isEmpty();
    }
}
