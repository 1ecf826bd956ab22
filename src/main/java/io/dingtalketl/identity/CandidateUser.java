package io.dingtalketl.identity;

import org.jspecify.annotations.Nullable;

/** A current DingTalk user ({@code dim_user} current row) with the columns the rules read, as stored. */
record CandidateUser(String userid, @Nullable String jobNumber, @Nullable String email, @Nullable String orgEmail,
                     @Nullable String mobile) {
}
