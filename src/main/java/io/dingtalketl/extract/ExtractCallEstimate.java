package io.dingtalketl.extract;

import java.time.LocalDate;

import io.dingtalketl.extract.ExtractProperties.Extract;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The metered calls an extract's run will make, before it runs: none for an extract that is not metered; one per
 * item for a {@code for-each} extract (the rows its source's completed run of the date landed); otherwise one, the
 * first page: how many pages follow only DingTalk's answers tell.
 */
@Component
public class ExtractCallEstimate {

    private final ForEachItems forEach;

    public ExtractCallEstimate(JobRepository jobRepository, JdbcTemplate jdbc) {
        this.forEach = new ForEachItems(jobRepository, jdbc);
    }

    public long of(String name, Extract extract, LocalDate runDate) {
        if (!extract.metered()) {
            return 0;
        }
        if (extract.forEach() == null) {
            return 1;
        }
        try {
            return forEach.of(name, extract.forEach(), runDate).size();
        } catch (ExtractException sourceNotLanded) {
            return 0;   // the run fails before any call, naming the source to run first
        }
    }
}
