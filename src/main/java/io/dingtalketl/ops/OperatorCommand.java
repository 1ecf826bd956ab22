package io.dingtalketl.ops;

import java.util.List;

import io.dingtalketl.orgsync.Failures;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.transaction.TransactionException;

/**
 * Runs {@code list [N] [job=J]}, {@code stop <executionId>} or {@code abandon <executionId>} in the
 * {@link OperatorApplication}, with the exit codes of {@link ExitCodes}.
 */
class OperatorCommand implements ApplicationRunner, ExitCodeGenerator {

    private final JobOperations operations;
    private int exitCode = ExitCodes.OK;

    OperatorCommand(JobOperations operations) {
        this.operations = operations;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        List<String> words = args.getNonOptionArgs();
        String command = words.get(0);
        List<String> rest = words.subList(1, words.size());
        try {
            switch (command) {
                case "list" -> operations.list(rest);
                case "stop" -> exitCode = operations.stop(executionId(rest));
                case "abandon" -> exitCode = operations.abandon(executionId(rest));
                default -> fail(ExitCodes.CONFIGURATION, "Unknown command '" + command + "'.\n" + CommandLineUsage.TEXT);
            }
        } catch (JobExecutionException | IllegalArgumentException | IllegalStateException refused) {
            fail(ExitCodes.CONFIGURATION, refused.getMessage());
        } catch (BadSqlGrammarException noRepository) {
            // the operator's commands do not create the job repository: no run has started on this database yet
            if (command.equals("list")) {
                System.out.println("No executions recorded yet (no run has started on this database).");
            } else {
                fail(ExitCodes.CONFIGURATION, "No execution " + rest.get(0) + ": no run has started on this database yet.");
            }
        } catch (DataAccessException | TransactionException databaseLost) {
            fail(ExitCodes.RUN_FAILED, "The database did not answer: " + Failures.describe(databaseLost) + ".");
        }
    }


    private static long executionId(List<String> rest) {
        if (rest.isEmpty() || !rest.get(0).matches("\\d{1,18}")) {
            throw new IllegalArgumentException("Give the execution id (see the 'list' command).");
        }
        return Long.parseLong(rest.get(0));
    }

    private void fail(int code, String message) {
        System.err.println(message);
        exitCode = code;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
