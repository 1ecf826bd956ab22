package io.dingtalketl.extract;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dingtalketl.batch.Executions;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The values an extract with {@code for-each} calls its API with: the item keys (or plain values) that the
 * source extract's completed run of the same date landed, in the order it landed them.
 */
final class ForEachItems {

    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    ForEachItems(JobRepository jobRepository, JdbcTemplate jdbc) {
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
    }

    List<String> of(String extract, String source, LocalDate runDate) {
        JobInstance run = jobRepository.getJobInstance(ExtractJobConfiguration.JOB_NAME, new JobParametersBuilder()
                .addString(ExtractJobConfiguration.EXTRACT, source)
                .addLocalDate(ExtractJobConfiguration.RUN_DATE, runDate)
                .toJobParameters());
        JobExecution last = run == null ? null : Executions.latest(jobRepository, run);
        if (last == null || last.getStatus() != BatchStatus.COMPLETED) {
            throw new ExtractException("Extract '" + extract + "' calls its API for each item of extract '" + source
                    + "', whose run for " + runDate + " has not completed" + (last == null ? "" : " (it is " + last.getStatus() + ")")
                    + ": run `extract name=" + source + " runDate=" + runDate + "` first.");
        }
        List<String> values = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList("SELECT item_key, json FROM " + new RawTable(jdbc, source).name()
                + " WHERE run_id = ? ORDER BY id", run.getInstanceId())) {
            Object key = row.get("item_key");
            if (key != null) {
                values.add(key.toString());
                continue;
            }
            JsonNode item = json.readTree(row.get("json").toString());
            if (!item.isString() && !item.isNumber()) {
                throw new ExtractException("Extract '" + extract + "': item " + (values.size() + 1) + " of extract '" + source
                        + "' has no item key and is not a plain string or number; set etl.extracts." + source + ".item-key-path.");
            }
            values.add(item.asString());
        }
        return values;
    }
}
