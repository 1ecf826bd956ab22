package io.dingtalketl.client.wire;

import org.jspecify.annotations.Nullable;

/** Body of {@code department/listsub}, {@code listsubid}, {@code department/get} and {@code user/listid}. */
public record DepartmentRequest(long deptId, @Nullable String language) {

    public static DepartmentRequest of(long deptId) {
        return new DepartmentRequest(deptId, null);
    }
}
