package io.dingtalketl.client.wire;

import org.jspecify.annotations.Nullable;

/** Body of {@code v2/user/list}: direct members of {@code dept_id}, {@code size} ≤ 100, from {@code cursor}. */
public record UserListRequest(long deptId, long cursor, int size, @Nullable String orderField,
                              @Nullable Boolean containAccessLimit, @Nullable String language) {

    public static UserListRequest page(long deptId, long cursor, int size) {
        return new UserListRequest(deptId, cursor, size, null, null, null);
    }
}
