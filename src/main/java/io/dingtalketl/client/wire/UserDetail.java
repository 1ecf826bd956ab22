package io.dingtalketl.client.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * {@code v2/user/get}'s result: one user with all departments, orders and leader flags (the fields of
 * {@link ListedUser}, with the per-department ones as lists). Fields the job does not use are not read.
 */
public record UserDetail(
        @Nullable String userid,
        @JsonAlias("unionId") @Nullable String unionid,
        @Nullable String name,
        @Nullable String managerUserid,
        @Nullable String mobile,
        @Nullable String telephone,
        @Nullable String jobNumber,
        @Nullable String title,
        @Nullable String email,
        @Nullable String orgEmail,
        @Nullable String workPlace,
        @JsonDeserialize(using = LenientLongList.class) @Nullable List<Long> deptIdList,
        @Nullable List<DeptOrder> deptOrderList,
        @JsonDeserialize(using = JsonText.class) @Nullable String extension,
        @Nullable Long hiredDate,
        @Nullable Boolean active,
        @Nullable Boolean admin,
        @Nullable Boolean boss,
        @Nullable List<LeaderInDept> leaderInDept) {

    public record DeptOrder(@Nullable Long deptId, @Nullable Long order) {
    }

    public record LeaderInDept(@Nullable Long deptId, @Nullable Boolean leader) {
    }
}
