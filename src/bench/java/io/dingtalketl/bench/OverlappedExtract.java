package io.dingtalketl.bench;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.wire.DepartmentBase;
import io.dingtalketl.client.wire.UserPage;

/**
 * A prototype of the fully overlapped extraction, to measure how close the client and its per-API
 * throttle get to the MAX bound: as soon as the walk discovers a department, its {@code department/get}
 * and its {@code v2/user/list} pages are queued, so the three APIs run at the same time, each with
 * {@code inFlight} calls at once. It only fetches (no staging, no restart state): it is not a job design,
 * only the upper limit of what one would reach.
 */
final class OverlappedExtract {

    /** What the overlapped walk found. */
    record Result(long departments, long listings, long distinctUsers) {
    }

    private final DingTalkClient client;
    private final int pageSize;
    private final ExecutorService listsub;
    private final ExecutorService details;
    private final ExecutorService users;
    private final AtomicLong pending = new AtomicLong();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicLong departments = new AtomicLong();
    private final AtomicLong listings = new AtomicLong();
    private final Set<String> userids = ConcurrentHashMap.newKeySet();

    private OverlappedExtract(DingTalkClient client, int pageSize, int inFlight) {
        this.client = client;
        this.pageSize = pageSize;
        this.listsub = Executors.newFixedThreadPool(inFlight);
        this.details = Executors.newFixedThreadPool(inFlight);
        this.users = Executors.newFixedThreadPool(inFlight);
    }

    static Result run(DingTalkClient client, long rootDeptId, int pageSize, int inFlight) {
        OverlappedExtract extract = new OverlappedExtract(client, pageSize, inFlight);
        try {
            extract.pending.incrementAndGet(); // held until the root's tasks are queued
            extract.submit(extract.details, () -> client.getDepartment(rootDeptId));
            extract.discovered(rootDeptId, false);
            extract.finished();
            extract.done.join();
            return new Result(extract.departments.get(), extract.listings.get(), extract.userids.size());
        } finally {
            extract.listsub.shutdownNow();
            extract.details.shutdownNow();
            extract.users.shutdownNow();
        }
    }

    private void discovered(long deptId, boolean loadDetails) {
        departments.incrementAndGet();
        submit(listsub, () -> {
            for (DepartmentBase child : client.listSubDepartments(deptId).orElse(List.of())) {
                discovered(child.deptId(), true);
            }
        });
        if (loadDetails) {
            submit(details, () -> client.getDepartment(deptId));
        }
        submit(users, () -> {
            Long cursor = 0L;
            while (cursor != null) {
                UserPage page = client.listUsers(deptId, cursor, pageSize).orElse(new UserPage(false, null, List.of()));
                page.users().forEach(u -> userids.add(u.userid()));
                listings.addAndGet(page.users().size());
                cursor = page.nextCursorOrNull();
            }
        });
    }

    private void submit(ExecutorService executor, Runnable task) {
        pending.incrementAndGet();
        executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            } finally {
                finished();
            }
        });
    }

    private void finished() {
        if (pending.decrementAndGet() == 0) {
            done.complete(null);
        }
    }
}
