package io.dingtalketl.client.wire;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** Body of {@code topapi/v2/department/update}: the department and the fields that change. */
public record DepartmentUpdateRequest(long deptId, @JsonUnwrapped DepartmentWrite changes) {
}
