package io.dingtalketl.orgsync;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The sentence an operator needs from a failed run. Spring Batch wraps what went wrong ("Unable to process
 * chunk", "Partition handler returned an unsuccessful step"); the cause at the bottom of the chain is what
 * names the department, the errcode or the guard's numbers.
 */
public final class Failures {

    /** How drivers and pools word a connection that is gone (HikariCP's "Connection is closed" has no SQLState). */
    private static final java.util.regex.Pattern LOST_CONNECTION = java.util.regex.Pattern.compile(
            "(?i)connection is closed|communications link failure|connection was killed|no operations allowed after connection closed");

    private Failures() {
    }

    /** The message of the deepest cause that has one. */
    public static String describe(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message != null ? message : failure.getClass().getSimpleName();
    }

    /**
     * The first failure whose cause is not one this project raises on purpose (a DingTalk error, data
     * DingTalk should not have returned, the deletion guard, a refused chronology): a bug or an outage
     * whose stack trace is worth logging.
     */
    public static @Nullable Throwable unexpected(List<Throwable> failures) {
        for (Throwable failure : failures) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (!(root instanceof io.dingtalketl.client.DingTalkApiException)
                    && !(root instanceof InvalidDingTalkDataException)
                    && !(root instanceof io.dingtalketl.warehouse.DeletionGuardException)
                    && !(root instanceof org.springframework.batch.core.job.JobExecutionException)) {
                return failure;
            }
        }
        return null;
    }

    /**
     * The failure that caused a run's end, described. Failures that are consequences of another (a partition
     * handler's "unsuccessful step", a step that follows the walk ending because the walk failed) are Spring
     * Batch's {@code JobExecutionException}s somewhere in their chain, and come after the cause.
     */
    public static @Nullable String first(List<Throwable> failures) {
        return failures.stream()
                .filter(f -> !consequence(f))
                .findFirst().or(() -> failures.stream().findFirst())
                .map(Failures::describe).orElse(null);
    }

    /**
     * Whether one of the failures is the loss of the database (a connection that was killed, timed out or
     * refused): the run can resume once the database answers again.
     */
    public static boolean databaseLost(List<Throwable> failures) {
        for (Throwable failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                        || t instanceof org.springframework.transaction.CannotCreateTransactionException
                        || t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                        || t instanceof org.springframework.dao.DataAccessResourceFailureException
                        || t instanceof org.springframework.transaction.TransactionSystemException
                        || (t instanceof java.sql.SQLException && t.getMessage() != null && LOST_CONNECTION.matcher(t.getMessage()).find())
                        || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                            && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("70100")))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean consequence(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.springframework.batch.core.job.JobExecutionException) {
                return true;
            }
        }
        return false;
    }
}
