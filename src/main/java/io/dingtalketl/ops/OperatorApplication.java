package io.dingtalketl.ops;

import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import io.dingtalketl.batch.HeartbeatProperties;
import io.dingtalketl.batch.RunLiveness;
import io.dingtalketl.orgsync.StagingRepository;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application the operator's commands {@code list}, {@code stop} and {@code abandon} start instead of the
 * whole ETL ({@link io.dingtalketl.DingTalkEtlApplication#main} picks it by the command word). They read and
 * update recorded executions only, so their context holds the datasource, Spring Batch's JDBC job repository
 * and operator, the heartbeat reader ({@link RunLiveness}) and the staging tables an abandoned run leaves:
 * no DingTalk client or simulator, no job, no report, no Flyway migration, no configuration check of the
 * DingTalk settings. It answers in a second or two, also while a run holds the database.
 *
 * <p>Not a {@code @Configuration}, so the ETL's component scan never picks it up; it is a source of its own
 * {@code SpringApplication}.
 */
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, BatchJdbcAutoConfiguration.class})
@EnableConfigurationProperties(HeartbeatProperties.class)
@Import({OperatorCommand.class, JobOperations.class, StagingRepository.class})
public final class OperatorApplication {

    /** The command words this application serves. */
    private static final Set<String> COMMANDS = Set.of("list", "stop", "abandon");

    /** Whether the command line's command ({@link CommandLineUsage}) is one of the operator's. */
    public static boolean serves(String[] args) {
        List<String> words = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        return !words.isEmpty() && COMMANDS.contains(words.get(0));
    }

    @Bean
    RunLiveness runLiveness(JdbcTemplate jdbc, HeartbeatProperties properties) {
        return new RunLiveness(jdbc, properties);
    }

    /** The operator's commands read the job repository a run created; they never create its tables. */
    @Bean
    BatchDataSourceScriptDatabaseInitializer batchDataSourceInitializer(DataSource dataSource) {
        BatchJdbcProperties properties = new BatchJdbcProperties();
        properties.setInitializeSchema(DatabaseInitializationMode.NEVER);
        return new BatchDataSourceScriptDatabaseInitializer(dataSource, properties);
    }
}
