package io.dingtalketl.orgsync;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import io.dingtalketl.client.DingTalkApiException;
import io.dingtalketl.client.DingTalkEndpoint;
import io.dingtalketl.client.ErrorCategory;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures mean that the database went away (the summary then says the run can resume once it answers). */
class FailuresTest {

    @Test
    void aConnectionThatIsGoneIsTheDatabaseLost() {
        assertThat(Failures.databaseLost(List.of(new RuntimeException("Unable to process chunk",
                new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed")))))).isTrue();
        assertThat(Failures.databaseLost(List.of(new IllegalStateException("x",
                new SQLException("Communications link failure", "08S01"))))).isTrue();
        assertThat(Failures.databaseLost(List.of(new SQLTransientConnectionException("HikariPool-1 - Connection is not available")))).isTrue();
    }

    @Test
    void dingTalkAndDataErrorsAreNot() {
        assertThat(Failures.databaseLost(List.of(new DingTalkApiException(ErrorCategory.RETRYABLE, DingTalkEndpoint.USER_LIST, -1,
                "系统繁忙", "r1", 200, "DingTalk user-list failed")))).isFalse();
        assertThat(Failures.databaseLost(List.of(new RuntimeException(new SQLException("Duplicate entry 'x' for key 'PRIMARY'", "23000")))))
                .isFalse();
    }
}
