package io.dingtalketl.client.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * Bodies and answers of the role APIs ({@code role/add_role_group}, {@code role/add_role},
 * {@code topapi/role/addrolesforemps}): unlike the rest of the old API their fields are camelCase, and the
 * ids come at the top level of the answer, not in {@code result}.
 */
public final class RoleWrites {

    private RoleWrites() {
    }

    /** Body of {@code role/add_role_group}. */
    public record AddGroupRequest(String name) {
    }

    /** Answer of {@code role/add_role_group}: {@code {"errcode":0,"groupId":1560985325,"errmsg":"ok"}}. */
    public record AddGroupResponse(@Nullable Integer errcode, @Nullable String errmsg,
                                   @JsonProperty("groupId") @Nullable Long groupId) {
    }

    /** Body of {@code role/add_role}. */
    public record AddRoleRequest(@JsonProperty("roleName") String roleName, @JsonProperty("groupId") long groupId) {
    }

    /** Answer of {@code role/add_role}: {@code {"errcode":0,"roleId":1688611118,"errmsg":"ok"}}. */
    public record AddRoleResponse(@Nullable Integer errcode, @Nullable String errmsg,
                                  @JsonProperty("roleId") @Nullable Long roleId) {
    }

    /** Body of {@code topapi/role/addrolesforemps}: comma-separated role ids and userids. */
    public record AssignRequest(@JsonProperty("roleIds") String roleIds, @JsonProperty("userIds") String userIds) {
    }
}
