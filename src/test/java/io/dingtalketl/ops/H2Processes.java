package io.dingtalketl.ops;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

/** {@link EtlProcesses} on an H2 file in the test's directory (AUTO_SERVER, as the embedded default). */
abstract class H2Processes extends EtlProcesses {

    @Override
    String jdbcUrl() {
        return "jdbc:h2:file:" + dir.resolve("etl") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;AUTO_SERVER=TRUE";
    }

    @Override
    List<String> databaseOptions() {
        return List.of("--spring.datasource.url=" + jdbcUrl());
    }

    @Override
    Connection connect() throws Exception {
        return DriverManager.getConnection(jdbcUrl(), "sa", "");
    }
}
