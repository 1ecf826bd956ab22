package io.dingtalketl.orgsync;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class MariaDbRealWorldConditionsTest extends RealWorldConditionsScenarios {

    @BeforeAll
    static void mariaDb() {
        requireMariaDb();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        MariaDbOrgSyncTest.database(registry);
    }
}
