package io.dingtalketl.orgsync;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the user fetch into {@code gridSize} partitions before the walk has found the departments:
 * partition {@code p} takes the departments whose {@code walk_seq} is congruent to {@code p} modulo the
 * number of partitions ({@link UserPageReader}). Breadth-first numbering spreads every level of the tree,
 * big and small departments alike, over all partitions; the per-API throttle, shared by the partitions,
 * sets the pace, so a partition with a few more pages costs only its last pages at the end.
 *
 * <p><b>Restart:</b> Spring Batch keeps the grid size of the first execution and hands each failed
 * partition its saved context, which holds both numbers; a restart reads exactly the same departments.
 */
public class DepartmentPartitioner implements Partitioner {

    static final String PARTITION = "partition";
    static final String PARTITIONS = "partitions";

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        int partitions = Math.max(1, gridSize);
        Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            ExecutionContext context = new ExecutionContext();
            context.putInt(PARTITION, partition);
            context.putInt(PARTITIONS, partitions);
            contexts.put("p" + partition, context);
        }
        return contexts;
    }
}
