package io.dingtalketl.client.wire;

import org.jspecify.annotations.Nullable;

/** {@code result} of {@code topapi/v2/department/create}. */
public record CreatedDepartment(@Nullable Long deptId) {
}
