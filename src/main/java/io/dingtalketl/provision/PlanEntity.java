package io.dingtalketl.provision;

import io.dingtalketl.events.EntityKind;
import org.jspecify.annotations.Nullable;

/** What a plan item writes. */
public enum PlanEntity {
    DEPARTMENT(EntityKind.DEPARTMENT),
    USER(EntityKind.USER),
    /** A role group ({@code role/add_role_group}); its HR id is its name. */
    ROLE_GROUP(null),
    /** A role ({@code role/add_role}, assigned with {@code addrolesforemps}); its HR id is {@code group/role}. */
    ROLE(null);

    private final @Nullable EntityKind warehouseKind;

    PlanEntity(@Nullable EntityKind warehouseKind) {
        this.warehouseKind = warehouseKind;
    }

    /** What the event inbox and the warehouse call it; null for roles, which the warehouse does not keep. */
    @Nullable EntityKind warehouseKind() {
        return warehouseKind;
    }
}
