package io.dingtalketl.orgsync;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrading from shared staging tables (V1–V4) to tables per run (V5): what a failed run had staged
 * before the upgrade is in its run's tables afterwards, so its restart resumes where it stopped.
 */
class StagingMigrationTest {

    @Test
    void rowsOfRunsStagedBeforeTheUpgradeMoveIntoTheirRunsTables() {
        DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:migration-" + UUID.randomUUID()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        Flyway.configure().dataSource(db).locations("classpath:db/migration").target("4").load().migrate();
        for (long run : new long[] {7, 8}) {
            jdbc.update("""
                    INSERT INTO stg_department (run_id, dept_id, walk_seq, parent_dept_id, name, dept_path, depth, details_loaded,
                      expanded, owning_member_count) VALUES (?, 1, 1, NULL, '总部', '/1', 0, TRUE, TRUE, 2),
                      (?, 42, 2, 1, '研发部', '/1/42', 1, FALSE, FALSE, NULL)""", run, run);
        }
        jdbc.update("""
                INSERT INTO stg_user_listing (run_id, dept_id, userid, name, row_hash, is_leader, dept_order)
                VALUES (7, 1, '0042', '张三', 'h1', TRUE, 5), (7, 42, '0042', '张三', 'h1', FALSE, NULL)""");

        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();

        StagingRepository staging = new StagingRepository(jdbc);
        assertThat(staging.stagedRuns()).containsExactly(7L, 8L);
        assertThat(jdbc.queryForList("SELECT name FROM stg_department_r7 ORDER BY walk_seq", String.class))
                .containsExactly("总部", "研发部");
        assertThat(staging.walkComplete(7)).as("department 42 was not expanded yet").isFalse();
        assertThat(staging.departmentsWithoutDetails(7, 0, 10)).extracting(StagingRepository.PartitionDepartment::deptId)
                .containsExactly(42L);
        assertThat(jdbc.queryForList("SELECT dept_id FROM stg_user_listing_r7 WHERE userid = '0042' ORDER BY dept_id", Long.class))
                .containsExactly(1L, 42L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stg_user_listing_r8", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN "
                + "('stg_department', 'stg_user_listing')", Integer.class)).as("the shared tables are gone").isZero();
    }
}
