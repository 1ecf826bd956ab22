package io.dingtalketl.orgsync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.wire.DepartmentBase;
import io.dingtalketl.client.wire.DepartmentDetail;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Walks the department tree breadth-first from the configured roots. Each item is one {@code listsub}
 * page: the children of the next department in walk order, numbered in discovery order ({@code walk_seq}).
 * The first item holds the roots themselves, read with {@code department/get}.
 *
 * <p><b>Restart:</b> the position is read back from what the walk committed, not from the ExecutionContext:
 * {@code expandedSeq} is the last department whose children are staged (departments are expanded in walk
 * order, so the expanded ones are a prefix of it), {@code nextSeq} follows the last staged department, and
 * the frontier (discovered, not yet expanded) is the staged departments after {@code expandedSeq}. Pages and
 * position are then one commit, so a restart resumes at the first uncommitted page even after a commit whose
 * outcome Spring Batch could not know (a lost database connection leaves the ExecutionContext it saves
 * ahead of the data). The ExecutionContext keeps the same two numbers, for operators.
 *
 * <p><b>Speed:</b> {@code listsub} calls for the next {@code concurrency} frontier departments are in
 * flight ahead of the reader; results are consumed strictly in walk order, so numbering and saved state
 * do not depend on timing. Look-ahead results not yet consumed at a failure are simply not committed.
 *
 * <p>Not thread-safe: one reader per step execution (step scope).
 */
public class DepartmentTreeReader implements ItemStreamReader<DepartmentPage> {

    static final String EXPANDED_SEQ = "departments.expandedSeq";
    static final String NEXT_SEQ = "departments.nextSeq";

    private final DingTalkClient client;
    private final OrgFieldMapper mapper;
    private final StagingRepository staging;
    private final long runId;
    private final List<Long> rootDeptIds;
    private final int concurrency;

    private final ArrayDeque<StagedDepartment> frontier = new ArrayDeque<>();
    private final Map<Long, CompletableFuture<List<DepartmentBase>>> inFlight = new HashMap<>();
    private final Executor executor;
    private int expandedSeq;
    private int nextSeq;

    public DepartmentTreeReader(DingTalkClient client, OrgFieldMapper mapper, StagingRepository staging, long runId,
                                List<Long> rootDeptIds, int concurrency, Executor executor) {
        this.client = client;
        this.mapper = mapper;
        this.staging = staging;
        this.runId = runId;
        this.rootDeptIds = List.copyOf(rootDeptIds);
        this.concurrency = concurrency;
        this.executor = executor;
    }

    @Override
    public void open(ExecutionContext context) {
        StagingRepository.WalkPosition committed = staging.walkPosition(runId);
        expandedSeq = committed.expandedSeq();
        nextSeq = committed.lastSeq() + 1;
        frontier.clear();
        inFlight.clear();
        if (nextSeq > 1) {
            frontier.addAll(staging.departmentsAfter(runId, expandedSeq));
        }
    }

    @Override
    public @Nullable DepartmentPage read() {
        if (nextSeq == 1) {
            return roots();
        }
        StagedDepartment parent = frontier.poll();
        if (parent == null) {
            return null;
        }
        prefetch();
        List<DepartmentBase> children = join(inFlight.remove(parent.deptId()), parent.deptId());
        prefetch();
        List<StagedDepartment> staged = new ArrayList<>(children.size());
        for (DepartmentBase child : children) {
            staged.add(mapper.child(parent, child, nextSeq++));
        }
        frontier.addAll(staged);
        expandedSeq = parent.walkSeq();
        return new DepartmentPage(parent.deptId(), parent.walkSeq(), staged);
    }

    private DepartmentPage roots() {
        List<StagedDepartment> roots = new ArrayList<>();
        for (Long rootId : rootDeptIds) {
            DepartmentDetail root = client.getDepartment(rootId).orElseThrow(() -> new IllegalStateException(
                    "Root department " + rootId + " (etl.org.root-dept-ids) does not exist in DingTalk"));
            roots.add(mapper.root(rootId, nextSeq++, root));
        }
        frontier.addAll(roots);
        return new DepartmentPage(null, 0, roots);
    }

    /** Keeps {@code listsub} calls in flight for the first {@code concurrency} frontier departments. */
    private void prefetch() {
        Iterator<StagedDepartment> next = frontier.iterator();
        for (int i = 0; i < concurrency && next.hasNext(); i++) {
            long deptId = next.next().deptId();
            inFlight.computeIfAbsent(deptId, id -> CompletableFuture.supplyAsync(
                    () -> client.listSubDepartments(id).orElse(List.of()), executor));
        }
    }

    private List<DepartmentBase> join(@Nullable CompletableFuture<List<DepartmentBase>> future, long deptId) {
        if (future == null) {
            return client.listSubDepartments(deptId).orElse(List.of());
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(EXPANDED_SEQ, expandedSeq);
        context.putInt(NEXT_SEQ, nextSeq);
    }

    @Override
    public void close() throws ItemStreamException {
        // the executor is shared (a bean): calls still in flight finish there, and their answers are dropped
        inFlight.values().forEach(call -> call.cancel(false));
        inFlight.clear();
    }
}
