package io.dingtalketl.orgsync;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.dingtalketl.warehouse.staging.TextColumn;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrading from shared staging tables (V1–V4) to tables per run (V5): what a failed run had staged
 * before the upgrade is in its run's tables afterwards, so its restart resumes where it stopped, with
 * the text columns of today ({@link TextColumn}).
 */
class StagingMigrationTest {

    private final DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:migration-" + UUID.randomUUID()
            + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcTemplate jdbc = new JdbcTemplate(db);

    @Test
    void rowsOfRunsStagedBeforeTheUpgradeMoveIntoTheirRunsTables() {
        stageRunsSevenAndEightInSharedTablesThenUpgrade();

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

    @Test
    void aRunStagedBeforeTheWiderColumnsGetsThemWhenItRestarts() {
        stageRunsSevenAndEightInSharedTablesThenUpgrade();
        StagingRepository staging = new StagingRepository(jdbc);

        staging.create(7); // as the restart of run 7 does

        String title = "高级技术专家".repeat(50);
        staging.insertListings(7, List.of(new UserListing(2L, "0042", null, "张三", null, null, null, null, null, title,
                "浙".repeat(600).substring(0, 500), null, null, null, null, null, null, "h2", false, null,
                Set.of(TextColumn.USER_WORK_PLACE))));
        staging.updateDetails(7, List.of(new DepartmentDetails(42L, 5L, "0042", false, false, 1, 1,
                Set.of(TextColumn.DEPARTMENT_MANAGER_USERIDS))));
        assertThat(jdbc.queryForObject("SELECT title FROM stg_user_listing_r7 WHERE dept_id = 2", String.class)).isEqualTo(title);
        assertThat(jdbc.queryForObject("SELECT cut_columns FROM stg_user_listing_r7 WHERE dept_id = 2", String.class))
                .isEqualTo("work_place");
        assertThat(jdbc.queryForObject("SELECT cut_columns FROM stg_department_r7 WHERE dept_id = 42", String.class))
                .isEqualTo("manager_userids");
        assertThat(jdbc.queryForList("SELECT dept_id FROM stg_user_listing_r7 WHERE userid = '0042' ORDER BY dept_id", Long.class))
                .as("what the run had staged is kept").containsExactly(1L, 2L, 42L);
        staging.create(7); // and again: nothing left to change
    }

    /** Runs 7 and 8 staged into the shared tables of V1–V4 (run 7 part-way), then every migration. */
    private void stageRunsSevenAndEightInSharedTablesThenUpgrade() {
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
    }
}
