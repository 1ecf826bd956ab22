package io.dingtalketl.provision;

import java.util.List;
import java.util.Optional;

import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.wire.RoleList;

/**
 * The role groups and roles DingTalk holds, as one {@code topapi/role/list} read (every page) found them, looked up
 * by name: the HR master names roles by group name and role name, DingTalk by ids. Group names are not unique in
 * DingTalk; a group name means the first group of that name DingTalk lists, and a role of a group name the first
 * such role among the groups of that name. Immutable: a snapshot, read again when it must be current.
 */
record DingTalkRoles(List<RoleList.RoleGroup> groups) {

    /** Nothing known about DingTalk's roles (the HR master names none, so none were read). */
    static final DingTalkRoles NONE = new DingTalkRoles(List.of());

    /** What {@code role/list} answered: the errmsg of an item found instead of created. */
    static final String FOUND = "already in DingTalk (found by role/list)";

    DingTalkRoles {
        groups = List.copyOf(groups);
    }

    static DingTalkRoles read(DingTalkClient client) {
        return new DingTalkRoles(client.listRoleGroups());
    }

    /** The id of the first role group named {@code name}. */
    Optional<Long> groupId(String name) {
        return groups.stream().filter(g -> name.equals(g.name()) && g.groupId() != null).map(RoleList.RoleGroup::groupId).findFirst();
    }

    /** The id of the role named {@code roleName} in the group with this id. */
    Optional<Long> roleId(long groupId, String roleName) {
        return groups.stream().filter(g -> g.groupId() != null && g.groupId() == groupId).flatMap(g -> g.rolesOrEmpty().stream())
                .filter(r -> roleName.equals(r.name()) && r.id() != null).map(RoleList.Role::id).findFirst();
    }

    /** The id of the role named {@code roleName} in a group named {@code groupName}. */
    Optional<Long> roleId(String groupName, String roleName) {
        return groups.stream().filter(g -> groupName.equals(g.name())).flatMap(g -> g.rolesOrEmpty().stream())
                .filter(r -> roleName.equals(r.name()) && r.id() != null).map(RoleList.Role::id).findFirst();
    }
}
