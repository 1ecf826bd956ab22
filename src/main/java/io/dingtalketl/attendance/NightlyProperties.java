package io.dingtalketl.attendance;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the {@code attendance} command reads when it is given no dates ({@code etl.attendance.nightly.*}).
 *
 * @param policy         {@code changes}: each new work day once, plus a change scan every {@code scanEveryDays}
 *                       nights; {@code exhaustive}: yesterday and the {@code etl.attendance.lookback-days} before it,
 *                       every night (about 7 times the metered calls)
 * @param scanEveryDays  nights between two change scans; each scan covers the lookback days plus the nights since
 *                       the previous one, so every correction within the lookback is found, at most this many
 *                       nights late
 */
@Validated
@ConfigurationProperties("etl.attendance.nightly")
public record NightlyProperties(@DefaultValue("changes") Policy policy,
                                @DefaultValue("7") @Min(1) @Max(28) int scanEveryDays) {

    /** The nightly policies. */
    public enum Policy {
        /** New days once; corrections found by a scan of punches and leaves, only changed user-days read again. */
        CHANGES,
        /** The whole correction window read again every night. */
        EXHAUSTIVE
    }
}
