package io.dingtalketl.client.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/** {@code v2/user/get}'s result: one user with all departments, orders and leader flags. */
public record UserDetail(
        @Nullable String userid,
        @JsonAlias("unionId") @Nullable String unionid,
        @Nullable String name,
        @Nullable String avatar,
        @Nullable String stateCode,
        @Nullable String managerUserid,
        @Nullable String mobile,
        @Nullable Boolean hideMobile,
        @Nullable String telephone,
        @Nullable String jobNumber,
        @Nullable String title,
        @Nullable String email,
        @Nullable String orgEmail,
        @Nullable String workPlace,
        @Nullable String remark,
        @JsonDeserialize(using = LenientLongList.class) @Nullable List<Long> deptIdList,
        @Nullable List<DeptOrder> deptOrderList,
        @JsonDeserialize(using = JsonText.class) @Nullable String extension,
        @Nullable Long hiredDate,
        @Nullable Boolean active,
        @Nullable Boolean realAuthed,
        @Nullable Boolean senior,
        @Nullable Boolean admin,
        @Nullable Boolean boss,
        @Nullable List<LeaderInDept> leaderInDept,
        @Nullable List<Role> roleList) {

    public record DeptOrder(@Nullable Long deptId, @Nullable Long order) {
    }

    public record LeaderInDept(@Nullable Long deptId, @Nullable Boolean leader) {
    }

    public record Role(@Nullable Long id, @Nullable String name, @Nullable String groupName) {
    }
}
