package io.dingtalketl.client.wire;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/** {@code v2/department/listsubid}'s result. */
public record DepartmentIdList(@JsonDeserialize(using = LenientLongList.class) @Nullable List<Long> deptIdList) {
}
