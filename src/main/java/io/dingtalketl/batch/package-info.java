/**
 * Spring Batch infrastructure every job of the application shares: whether the process running an
 * execution is alive ({@link io.dingtalketl.batch.RunHeartbeat}, {@link io.dingtalketl.batch.RunLiveness}).
 * Jobs register the heartbeat as a listener; the command line reads liveness before it starts, restarts
 * or recovers a run. Depends on Spring Batch and JDBC only.
 */
@NullMarked
package io.dingtalketl.batch;

import org.jspecify.annotations.NullMarked;
