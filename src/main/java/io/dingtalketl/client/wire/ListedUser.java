package io.dingtalketl.client.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A user as listed by {@code v2/user/list} in one department: {@code dept_order} and {@code leader} are
 * about that department; {@code dept_id_list} names all of the user's departments. {@code mobile} needs
 * the mobile permission and {@code email}, {@code org_email}, {@code work_place} and
 * {@code extension} need the personal-info permission: without it they are absent, not empty.
 * {@code userid} is a string (leading zeros matter). Fields the job does not use (avatar, remark, …) are not read.
 */
public record ListedUser(
        @Nullable String userid,
        @JsonAlias("unionId") @Nullable String unionid,
        @Nullable String name,
        @Nullable String mobile,
        @Nullable String telephone,
        @Nullable String jobNumber,
        @Nullable String title,
        @Nullable String email,
        @Nullable String orgEmail,
        @Nullable String workPlace,
        @JsonDeserialize(using = LenientLongList.class) @Nullable List<Long> deptIdList,
        @Nullable Long deptOrder,
        @JsonDeserialize(using = JsonText.class) @Nullable String extension,
        @Nullable Long hiredDate,
        @Nullable Boolean active,
        @Nullable Boolean admin,
        @Nullable Boolean boss,
        @Nullable Boolean leader,
        @Nullable String managerUserid) {
}
