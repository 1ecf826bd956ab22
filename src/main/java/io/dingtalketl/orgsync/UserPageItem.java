package io.dingtalketl.orgsync;

import java.util.List;

import io.dingtalketl.client.wire.ListedUser;

/** One {@code v2/user/list} page of one department's direct members: the item of the user-fetch step. */
public record UserPageItem(long deptId, long cursor, List<ListedUser> users) {
}
