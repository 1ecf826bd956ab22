package io.dingtalketl.warehouse;

/**
 * What a publish did to one dimension: {@code seen} in the extraction, {@code inserted} new to the
 * warehouse, {@code changed} given a new version, {@code closed} removed (current version closed).
 */
public record EntityCounts(int seen, int inserted, int changed, int closed) {
}
