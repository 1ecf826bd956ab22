package io.dingtalketl.orgsync;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One item of the department walk: the children one {@code listsub} call returned for {@code parentDeptId}
 * (or, for the first item, the roots themselves, with {@code parentDeptId} null). A chunk commits whole
 * pages, so a restart never repeats a committed {@code listsub} call.
 */
public record DepartmentPage(@Nullable Long parentDeptId, int parentWalkSeq, List<StagedDepartment> departments) {
}
