package io.dingtalketl.client.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * Body and answer of {@code topapi/role/list} (SDK {@code OapiRoleListRequest} / {@code OapiRoleListResponse}): the
 * request is {@code offset} and {@code size} (≤ 200 groups), the answer's {@code result} is camelCase, unlike the rest
 * of {@code topapi}: {@code {"hasMore":false,"list":[{"groupId":1,"name":"职务","roles":[{"id":2,"name":"经理"}]}]}}.
 */
public final class RoleList {

    private RoleList() {
    }

    /** Body of {@code topapi/role/list}. */
    public record Request(long offset, long size) {
    }

    /** The answer's {@code result}: one page of role groups and whether more follow (at offset + size). */
    public record Page(@JsonProperty("hasMore") @Nullable Boolean hasMore, @Nullable List<RoleGroup> list) {

        public List<RoleGroup> groups() {
            return list == null ? List.of() : list;
        }

        public boolean more() {
            return Boolean.TRUE.equals(hasMore);
        }
    }

    /** A role group ({@code OpenRoleGroup}) with its roles. */
    public record RoleGroup(@JsonProperty("groupId") @Nullable Long groupId, @Nullable String name, @Nullable List<Role> roles) {

        public List<Role> rolesOrEmpty() {
            return roles == null ? List.of() : roles;
        }
    }

    /** A role ({@code OpenRole}). */
    public record Role(@Nullable Long id, @Nullable String name) {
    }
}
