package io.dingtalketl.client.wire;

import com.fasterxml.jackson.annotation.JsonAlias;
import org.jspecify.annotations.Nullable;

/** One child in {@code v2/department/listsub}'s {@code result} array (the next level only). */
public record DepartmentBase(
        @Nullable Long deptId,
        @Nullable String name,
        @Nullable Long parentId,
        @Nullable Boolean createDeptGroup,
        @Nullable Boolean autoAddUser,
        @JsonAlias("extention") @Nullable String ext,
        @Nullable Boolean fromUnionOrg,
        @Nullable String sourceIdentifier,
        @Nullable String tags) {
}
