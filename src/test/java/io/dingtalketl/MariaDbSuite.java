package io.dingtalketl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.TestPropertySource;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Spring test class that runs on MariaDB (MySQL-compatible), through mysql-connector-j as in production: its
 * datasource is {@code ETL_TEST_MYSQL_URL} (default {@value #DEFAULT_URL}), user etl/etl. The test database is
 * recreated once per test JVM, before any context uses it, so its schema always comes from the current
 * migrations. Where MariaDB does not answer the class is skipped, except in CI (where {@code .ci/run} starts
 * it), where that fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(MariaDbSuite.RequireMariaDb.class)
@TestPropertySource(properties = {
        "spring.datasource.url=${ETL_TEST_MYSQL_URL:" + MariaDbSuite.DEFAULT_URL + "}",
        "spring.datasource.username=" + MariaDbSuite.USER,
        "spring.datasource.password=" + MariaDbSuite.PASSWORD})
public @interface MariaDbSuite {

    String DEFAULT_URL = "jdbc:mysql://127.0.0.1:3306/dingtalk_etl_test?rewriteBatchedStatements=true"
            + "&characterEncoding=UTF-8&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";
    String USER = "etl";
    String PASSWORD = "etl";

    /** Skips the class where MariaDB does not answer (fails it in CI); recreates the test database once per JVM. */
    final class RequireMariaDb implements BeforeAllCallback {

        private static final String URL = System.getenv().getOrDefault("ETL_TEST_MYSQL_URL", DEFAULT_URL);
        private static final AtomicBoolean RECREATED = new AtomicBoolean();

        @Override
        public void beforeAll(ExtensionContext context) {
            boolean reachable;
            try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
                reachable = true;
                if (RECREATED.compareAndSet(false, true)) {
                    String database = connection.getCatalog();
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("DROP DATABASE IF EXISTS " + database);
                        statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                    }
                }
            } catch (SQLException e) {
                reachable = false;
            }
            if (!reachable && System.getenv("CI") != null) {
                throw new IllegalStateException("CI must run the MariaDB suite, but MariaDB does not answer at " + URL
                        + " (user etl/etl): run bash .ci/ensure-mariadb.sh");
            }
            assumeTrue(reachable, "MariaDB not reachable at " + URL + "; run bash .ci/ensure-mariadb.sh");
        }
    }
}
