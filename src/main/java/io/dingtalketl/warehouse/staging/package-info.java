/**
 * The staging tables' schema, owned by the warehouse that merges them: their names and DDL per run
 * ({@link io.dingtalketl.warehouse.staging.StagingTables}), the text columns' lengths
 * ({@link io.dingtalketl.warehouse.staging.TextColumn}) and the row hash that decides whether a row is a new
 * version ({@link io.dingtalketl.warehouse.staging.RowHash}). Jobs stage rows that follow these definitions.
 */
@NullMarked
package io.dingtalketl.warehouse.staging;

import org.jspecify.annotations.NullMarked;
