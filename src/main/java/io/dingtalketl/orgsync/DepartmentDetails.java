package io.dingtalketl.orgsync;

import java.util.Set;

import io.dingtalketl.warehouse.staging.TextColumn;
import org.jspecify.annotations.Nullable;

/**
 * The attributes only {@code v2/department/get} returns. All null when the department vanished meanwhile.
 * {@code cut} names the columns whose DingTalk value was cut to fit.
 */
public record DepartmentDetails(long deptId, @Nullable Long order, @Nullable String managerUserids,
                                @Nullable Boolean hideDept, @Nullable Boolean outerDept,
                                @Nullable Integer memberCount, @Nullable Integer owningMemberCount,
                                Set<TextColumn> cut) {

    static DepartmentDetails vanished(long deptId) {
        return new DepartmentDetails(deptId, null, null, null, null, null, null, Set.of());
    }
}
