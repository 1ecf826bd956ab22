package io.dingtalketl.orgsync;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The chunk time limit scenarios on MariaDB, through mysql-connector-j. */
class MariaDbChunkTimeLimitTest extends ChunkTimeLimitScenarios {

    @BeforeAll
    static void mariaDb() {
        requireMariaDb();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> MARIADB_URL);
        registry.add("spring.datasource.username", () -> "etl");
        registry.add("spring.datasource.password", () -> "etl");
    }
}
