package io.dingtalketl.client.wire;

import org.jspecify.annotations.Nullable;

/**
 * The fields of {@code topapi/v2/department/create} and {@code update} this project sets. A null component is
 * left out of the body: on update it leaves the field unchanged. {@code name}: 1–64 characters without
 * {@code -}, {@code ，} or {@code ,}; {@code sourceIdentifier}: the caller's own id of the department, the link
 * DingTalk keeps for a department whose id it generated.
 */
public record DepartmentWrite(@Nullable String name, @Nullable Long parentId, @Nullable Long order,
                              @Nullable String sourceIdentifier) {
}
