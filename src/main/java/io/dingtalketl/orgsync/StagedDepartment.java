package io.dingtalketl.orgsync;

import java.util.Set;

import io.dingtalketl.warehouse.staging.TextColumn;
import org.jspecify.annotations.Nullable;

/**
 * A department found by the breadth-first walk, as staged for one run. {@code walkSeq} is its discovery
 * order (root = 1): the walk expands departments in that order, which is what makes it resumable.
 * {@code details} is present when {@code department/get} was already called for it (the roots).
 * {@code cut} names the columns whose DingTalk value was cut to fit (details apart).
 */
public record StagedDepartment(long deptId, int walkSeq, @Nullable Long parentDeptId, String name, String path,
                               int depth, @Nullable Boolean createDeptGroup, @Nullable Boolean autoAddUser,
                               @Nullable String sourceIdentifier, @Nullable DepartmentDetails details,
                               Set<TextColumn> cut) {
}
