package io.dingtalketl.orgsync;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the org sync job ({@code etl.*}).
 *
 * @param org         what to extract: the root departments of the walk and the organization's time zone
 * @param departments the breadth-first department walk
 * @param details     the department-details step ({@code v2/department/get} per department)
 * @param users       the partitioned user-fetch step
 * @param publish     the warehouse merge
 * @param pii         what happens to personal fields on their way to the warehouse
 * @param chunks      how long the extract steps gather DingTalk answers before committing them
 * @param progress    the progress line of a running job
 */
@Validated
@ConfigurationProperties("etl")
public record EtlProperties(@Valid @DefaultValue Org org, @Valid @DefaultValue Departments departments,
                            @Valid @DefaultValue Details details, @Valid @DefaultValue Users users,
                            @Valid @DefaultValue Publish publish, @Valid @DefaultValue Pii pii,
                            @Valid @DefaultValue Chunks chunks, @DefaultValue Progress progress) {

    /**
     * @param rootDeptIds departments the walk starts from (DingTalk's root is 1)
     * @param timeZone    zone of dates such as {@code hired_date}
     */
    public record Org(@NotEmpty @DefaultValue("1") List<Long> rootDeptIds, @DefaultValue("Asia/Shanghai") ZoneId timeZone) {
    }

    /**
     * @param chunkSize   {@code listsub} pages per committed chunk
     * @param concurrency {@code listsub} calls in flight at once (the throttle still caps calls per second)
     */
    public record Departments(@Min(1) @DefaultValue("10") int chunkSize, @Min(1) @Max(64) @DefaultValue("4") int concurrency) {
    }

    /**
     * @param enabled        call {@code v2/department/get} for every department (order, managers, counts)
     * @param commitInterval departments per committed transaction
     * @param concurrency    calls in flight at once
     */
    public record Details(@DefaultValue("true") boolean enabled, @Min(1) @DefaultValue("200") int commitInterval,
                          @Min(1) @Max(64) @DefaultValue("4") int concurrency) {
    }

    /**
     * @param gridSize  partitions fetching users at once
     * @param pageSize  {@code v2/user/list} page size (DingTalk allows at most 100)
     * @param chunkSize user pages per committed chunk
     */
    public record Users(@Min(1) @Max(64) @DefaultValue("4") int gridSize, @Min(1) @Max(100) @DefaultValue("100") int pageSize,
                        @Min(1) @DefaultValue("50") int chunkSize) {
    }

    /**
     * @param maxDeleteRatio a run that would close more than this share of current users or departments
     *                       fails and changes nothing, unless launched with {@code allowMassDelete=true}
     */
    public record Publish(@DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.10") double maxDeleteRatio) {
    }

    /**
     * @param mobile   policy for {@code mobile}
     * @param email    policy for {@code email}
     * @param orgEmail policy for {@code org_email}
     * @param salt     secret salt of the {@code hash} policy (required when any field is hashed)
     */
    public record Pii(@DefaultValue("keep") PiiPolicy mobile, @DefaultValue("keep") PiiPolicy email,
                      @DefaultValue("keep") PiiPolicy orgEmail, @Nullable String salt) {

        @Override
        public String toString() {
            return "Pii[mobile=" + mobile + ", email=" + email + ", orgEmail=" + orgEmail + ", salt="
                    + (salt == null || salt.isEmpty() ? "<unset>" : "******") + "]";
        }
    }

    /**
     * @param maxTime longest an extract step gathers DingTalk answers before it commits them, whatever its
     *                size limit ({@code etl.departments.chunk-size}, {@code etl.details.commit-interval},
     *                {@code etl.users.chunk-size}, whichever is reached first): a failure or a killed
     *                process makes the restart ask DingTalk again for at most about this much of each
     *                API's calls (of each user partition's)
     */
    public record Chunks(@DurationMin(nanos = 1, message = "must be a positive duration such as 1s")
                         @DefaultValue("1s") Duration maxTime) {
    }

    /**
     * @param interval how often a running job logs its progress line (logger {@code io.dingtalketl.progress});
     *                 0 for none
     */
    public record Progress(@DefaultValue("5s") Duration interval) {
    }
}
