package io.dingtalketl.eventsync;

import java.util.List;

import io.dingtalketl.events.EventInbox.PendingEntity;
import io.dingtalketl.warehouse.ContactVersions;
import org.jspecify.annotations.Nullable;

/**
 * What DingTalk says now about one entity named by pending events: its state (a user with their
 * memberships, or a department), that it is gone, or why it could not be read.
 */
record EntityChange(PendingEntity entity, ContactVersions.@Nullable UserVersion user,
                    List<ContactVersions.Membership> memberships, ContactVersions.@Nullable DepartmentVersion department,
                    boolean gone, @Nullable String refusal) {

    static EntityChange user(PendingEntity entity, ContactVersions.UserVersion user, List<ContactVersions.Membership> memberships) {
        return new EntityChange(entity, user, memberships, null, false, null);
    }

    static EntityChange department(PendingEntity entity, ContactVersions.DepartmentVersion department) {
        return new EntityChange(entity, null, List.of(), department, false, null);
    }

    static EntityChange gone(PendingEntity entity) {
        return new EntityChange(entity, null, List.of(), null, true, null);
    }

    static EntityChange refused(PendingEntity entity, String why) {
        return new EntityChange(entity, null, List.of(), null, false, why);
    }
}
