package io.dingtalketl.client.wire;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** Body of {@code topapi/v2/user/update}: {@code userid} and the fields that change (the write's own userid is ignored). */
public record UserUpdateRequest(String userid, @JsonUnwrapped UserWrite changes) {

    public static UserUpdateRequest of(String userid, UserWrite changes) {
        return new UserUpdateRequest(userid, new UserWrite(null, changes.name(), changes.mobile(), changes.deptIds(),
                changes.jobNumber(), changes.title(), changes.email()));
    }
}
