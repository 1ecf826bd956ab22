package io.dingtalketl.orgsync;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.simulator.DingTalkSimulator;
import io.dingtalketl.simulator.OrgSpec;
import io.dingtalketl.simulator.SimulatedOrg;
import io.dingtalketl.simulator.SimulatorSettings;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the extract readers work with, without Spring or Spring Batch: the DingTalk simulator (no quota), a
 * client of it, and an H2 in-memory database holding the staging tables of run {@link #RUN}. A chunk is
 * played the way the step plays it: items read, written, {@code update} called, all in one transaction
 * ({@link #chunk}), which a test may also roll back ({@link #failedChunk}).
 */
final class ExtractTestBed implements AutoCloseable {

    static final long RUN = 1;

    final DingTalkSimulator simulator;
    final DingTalkClient client;
    final JdbcTemplate jdbc;
    final StagingRepository staging;
    final OrgFieldMapper mapper = new OrgFieldMapper(new org.springframework.boot.context.properties.bind.Binder().bindOrCreate("etl", EtlProperties.class));
    final OrgSyncProgress progress;
    private final TransactionTemplate transactions;
    /** The walk's look-ahead calls, as the job's listsub executor runs them. */
    private final java.util.concurrent.ExecutorService listsubCalls = java.util.concurrent.Executors.newFixedThreadPool(3);

    ExtractTestBed(OrgSpec org) {
        simulator = DingTalkSimulator.start(SimulatedOrg.generate(org), SimulatorSettings.defaults().withQpsPerApi(0));
        URI url = URI.create(simulator.baseUrl());
        client = DingTalkClient.create(DingTalkProperties.defaults(url)
                .withTarget(url, simulator.settings().appKey(), simulator.settings().appSecret()).withDefaultQps(0), null);
        DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:extract-" + UUID.randomUUID()
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        jdbc = new JdbcTemplate(db);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(db));
        staging = new StagingRepository(jdbc);
        staging.create(RUN);
        progress = new OrgSyncProgress(client, new SyncRunRepository(jdbc), jdbc, Duration.ofMinutes(5));
    }

    DepartmentTreeReader treeReader() {
        return new DepartmentTreeReader(client, mapper, staging, RUN, List.of(SimulatedOrg.ROOT_DEPT_ID), 3, listsubCalls);
    }

    DepartmentStagingWriter walkWriter(DepartmentWalkMonitor monitor) {
        return new DepartmentStagingWriter(staging, RUN, progress, monitor);
    }

    /** The walk, run to its end in chunks of {@code pages} walk pages. */
    void walkToTheEnd(int pages, DepartmentWalkMonitor monitor) throws Exception {
        DepartmentTreeReader reader = treeReader();
        reader.open(new ExecutionContext());
        try {
            while (!chunk(reader, pages, walkWriter(monitor), new ExecutionContext()).isEmpty()) {
                // next chunk
            }
        } finally {
            reader.close();
        }
    }

    /** Reads up to {@code items} items, writes them and saves the reader's position, in one committed transaction. */
    <T> List<T> chunk(ItemStreamReader<T> reader, int items, ItemWriter<T> writer,
                      ExecutionContext context) {
        return transactions.execute(status -> readWriteUpdate(reader, items, writer, context));
    }

    /** The same chunk, whose transaction then rolls back (the database failed at the commit, say). */
    <T> List<T> failedChunk(ItemStreamReader<T> reader, int items, ItemWriter<T> writer,
                            ExecutionContext context) {
        return transactions.execute(status -> {
            List<T> read = readWriteUpdate(reader, items, writer, context);
            status.setRollbackOnly();
            return read;
        });
    }

    /** Runs {@code work} in a transaction that commits. */
    void inTransaction(Runnable work) {
        transactions.executeWithoutResult(status -> work.run());
    }

    private static <T> List<T> readWriteUpdate(ItemStreamReader<T> reader, int items,
                                               ItemWriter<T> writer,
                                               ExecutionContext context) {
        try {
            List<T> read = new ArrayList<>();
            for (T item; read.size() < items && (item = reader.read()) != null; ) {
                read.add(item);
            }
            if (!read.isEmpty()) {
                writer.write(new Chunk<>(read));
            }
            reader.update(context);
            return read;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        listsubCalls.shutdownNow();
        simulator.close();
    }
}
