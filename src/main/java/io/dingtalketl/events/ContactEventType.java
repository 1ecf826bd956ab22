package io.dingtalketl.events;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The contact event types that change what the warehouse keeps, and which entity each names. Any other
 * type (roles, org changes, types DingTalk adds later) is stored in the inbox as it came, and nothing in
 * the warehouse follows from it.
 */
public enum ContactEventType {
    USER_ADD_ORG("user_add_org", EntityKind.USER),
    USER_MODIFY_ORG("user_modify_org", EntityKind.USER),
    USER_LEAVE_ORG("user_leave_org", EntityKind.USER),
    USER_ACTIVE_ORG("user_active_org", EntityKind.USER),
    ORG_ADMIN_ADD("org_admin_add", EntityKind.USER),
    ORG_ADMIN_REMOVE("org_admin_remove", EntityKind.USER),
    ORG_DEPT_CREATE("org_dept_create", EntityKind.DEPARTMENT),
    ORG_DEPT_MODIFY("org_dept_modify", EntityKind.DEPARTMENT),
    ORG_DEPT_REMOVE("org_dept_remove", EntityKind.DEPARTMENT);

    private static final Map<String, ContactEventType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ContactEventType::wireName, Function.identity()));

    private final String wireName;
    private final EntityKind kind;

    ContactEventType(String wireName, EntityKind kind) {
        this.wireName = wireName;
        this.kind = kind;
    }

    /** The type as DingTalk spells it. */
    public String wireName() {
        return wireName;
    }

    public EntityKind kind() {
        return kind;
    }

    /** The known type DingTalk calls {@code name}, or null for one that changes nothing the warehouse keeps. */
    public static @Nullable ContactEventType of(String name) {
        return BY_NAME.get(name);
    }
}
