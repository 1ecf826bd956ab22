package io.dingtalketl.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.wire.DepartmentBase;
import io.dingtalketl.client.wire.UserPage;

/**
 * The baseline: what a first, straightforward extractor does. One call at a time, no Spring Batch: a
 * breadth-first walk with {@code listsub}, then every department's {@code v2/user/list} pages in turn.
 * It only fetches (nothing is staged or published), so it is a lower bound on a naive sync's time.
 */
final class NaiveSync {

    /** What the naive walk found. */
    record Result(long departments, long listings, long distinctUsers) {
    }

    private NaiveSync() {
    }

    static Result run(DingTalkClient client, long rootDeptId, int pageSize) {
        List<Long> departments = new ArrayList<>();
        ArrayDeque<Long> queue = new ArrayDeque<>(List.of(rootDeptId));
        while (!queue.isEmpty()) {
            long deptId = queue.poll();
            departments.add(deptId);
            for (DepartmentBase child : client.listSubDepartments(deptId).orElse(List.of())) {
                queue.add(child.deptId());
            }
        }
        long listings = 0;
        Set<String> users = new HashSet<>();
        for (long deptId : departments) {
            Long cursor = 0L;
            while (cursor != null) {
                UserPage page = client.listUsers(deptId, cursor, pageSize).orElse(new UserPage(false, null, List.of()));
                page.users().forEach(u -> users.add(u.userid()));
                listings += page.users().size();
                cursor = page.nextCursorOrNull();
            }
        }
        return new Result(departments.size(), listings, users.size());
    }
}
