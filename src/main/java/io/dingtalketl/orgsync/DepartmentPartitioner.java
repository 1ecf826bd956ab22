package io.dingtalketl.orgsync;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Splits the staged departments into {@code gridSize} user-fetch partitions of about equal work: each
 * department weighs the {@code v2/user/list} pages its direct members need (known from the details step,
 * else 1), and departments go, heaviest first, to the lightest partition. The assignment is stored in
 * the staging table, so the partitions' contexts hold only their number.
 *
 * <p><b>Restart:</b> Spring Batch asks the partitioner again on restart; an existing assignment is
 * reused unchanged, so a failed partition resumes over exactly the departments it had.
 */
public class DepartmentPartitioner implements Partitioner {

    static final String PARTITION = "partition";

    private final StagingRepository staging;
    private final TransactionTemplate transaction;
    private final long runId;
    private final int pageSize;

    public DepartmentPartitioner(StagingRepository staging, TransactionTemplate transaction, long runId, int pageSize) {
        this.staging = staging;
        this.transaction = transaction;
        this.runId = runId;
        this.pageSize = pageSize;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<Integer> partitions = staging.assignedPartitions(runId);
        if (partitions.isEmpty()) {
            Map<Long, Integer> assignment = assign(staging.departmentWeights(runId), gridSize);
            transaction.executeWithoutResult(status -> staging.assignPartitions(runId, assignment));
            partitions = staging.assignedPartitions(runId);
        }
        Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
        for (int partition : partitions) {
            ExecutionContext context = new ExecutionContext();
            context.putInt(PARTITION, partition);
            contexts.put("p" + partition, context);
        }
        return contexts;
    }

    Map<Long, Integer> assign(List<StagingRepository.DepartmentWeight> departments, int gridSize) {
        record Load(int partition, long pages) {
        }
        PriorityQueue<Load> loads = new PriorityQueue<>(Comparator.comparingLong(Load::pages).thenComparingInt(Load::partition));
        int partitions = Math.max(1, Math.min(gridSize, departments.size()));
        for (int p = 0; p < partitions; p++) {
            loads.add(new Load(p, 0));
        }
        Map<Long, Integer> assignment = new HashMap<>();
        departments.stream()
                .sorted(Comparator.comparingLong((StagingRepository.DepartmentWeight d) -> pages(d)).reversed()
                        .thenComparingInt(StagingRepository.DepartmentWeight::walkSeq))
                .forEach(d -> {
                    Load lightest = loads.poll();
                    assignment.put(d.deptId(), lightest.partition());
                    loads.add(new Load(lightest.partition(), lightest.pages() + pages(d)));
                });
        return assignment;
    }

    private long pages(StagingRepository.DepartmentWeight d) {
        Integer members = d.owningMemberCount();
        return members == null || members <= 0 ? 1 : (members + pageSize - 1) / pageSize;
    }
}
