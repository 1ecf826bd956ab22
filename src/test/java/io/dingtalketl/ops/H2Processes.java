package io.dingtalketl.ops;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

/** {@link EtlProcesses} on an H2 file in the test's directory (AUTO_SERVER, as the embedded default). */
abstract class H2Processes extends EtlProcesses {

    @Override
    String jdbcUrl() {
        return "jdbc:h2:file:" + dir.resolve("etl") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    @Override
    List<String> databaseOptions() {
        return List.of("--spring.datasource.url=" + jdbcUrl());
    }

    /**
     * A connection; while a process that was killed still holds H2's lock file and another process takes it over,
     * H2 answers "already in use" (90020) for a moment: asked again, it connects through the new owner.
     */
    /**
     * No: the file is served by whichever process opened it first, and H2's own shutdown hook closes it beside
     * Spring's (AUTO_SERVER rules out DB_CLOSE_ON_EXIT=FALSE).
     */
    @Override
    boolean serverDatabase() {
        return false;
    }

    @Override
    Connection connect() throws Exception {
        // the file is handed over between processes (AUTO_SERVER): wait for the hand-over, however slow the machine
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                return DriverManager.getConnection(jdbcUrl(), "sa", "");
            } catch (java.sql.SQLException e) {
                if (e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1 || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
