package io.dingtalketl.client.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * {@code v2/department/get}'s result. The SDK spells the extension field {@code extention}; {@code ext}
 * (listsub's spelling) is accepted too. {@code member_count} includes sub-departments,
 * {@code owning_member_count} counts direct members only.
 */
public record DepartmentDetail(
        @Nullable Long deptId,
        @Nullable String name,
        @Nullable Long parentId,
        @Nullable String sourceIdentifier,
        @Nullable Boolean createDeptGroup,
        @Nullable Boolean autoAddUser,
        @Nullable String tags,
        @Nullable Boolean fromUnionOrg,
        @Nullable Long order,
        @Nullable String deptGroupChatId,
        @Nullable Boolean groupContainSubDept,
        @Nullable String orgDeptOwner,
        @JsonDeserialize(using = LenientStringList.class) @Nullable List<String> deptManagerUseridList,
        @Nullable Boolean outerDept,
        @Nullable Boolean hideDept,
        @Nullable Boolean autoApproveApply,
        @Nullable String code,
        @Nullable Long memberCount,
        @Nullable Long owningMemberCount,
        @Nullable UnionDeptExt unionDeptExt,
        @Nullable String brief,
        @Nullable String telephone,
        @JsonProperty("extention") @JsonAlias("ext") @Nullable String extension) {

    /** The linked department of a union org; DingTalk's doc uses both spellings of the keys. */
    public record UnionDeptExt(@JsonAlias("corpId") @Nullable String corpId, @JsonAlias("deptId") @Nullable Long deptId) {
    }
}
