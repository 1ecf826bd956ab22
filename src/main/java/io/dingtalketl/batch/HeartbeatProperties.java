package io.dingtalketl.batch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Liveness of running executions ({@code etl.heartbeat.*}).
 *
 * @param interval   how often the process running an execution refreshes its heartbeat
 * @param staleAfter a heartbeat older than this (by the database's clock) means the process is gone;
 *                   keep it several intervals long, so that a busy database or a long GC pause is not
 *                   taken for a dead process
 */
@ConfigurationProperties("etl.heartbeat")
public record HeartbeatProperties(@DefaultValue("5s") Duration interval, @DefaultValue("30s") Duration staleAfter) {
}
