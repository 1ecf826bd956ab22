package io.dingtalketl.orgsync;

import java.time.LocalDate;
import java.util.Set;

import io.dingtalketl.warehouse.staging.TextColumn;
import org.jspecify.annotations.Nullable;

/**
 * A user as listed on one department's member page, after field mapping: the user's attributes (the
 * same on every department that lists the user) plus this membership's {@code leader} and {@code deptOrder}.
 * {@code rowHash} covers the user's versioned attributes only. {@code cut} names the columns whose
 * DingTalk value was longer than the column and was cut to fit.
 */
public record UserListing(long deptId, String userid, @Nullable String unionid, String name, @Nullable String mobile,
                          @Nullable String email, @Nullable String orgEmail, @Nullable String telephone,
                          @Nullable String jobNumber, @Nullable String title, @Nullable String workPlace,
                          @Nullable LocalDate hiredDate, @Nullable Boolean active, @Nullable Boolean admin,
                          @Nullable Boolean boss, @Nullable String managerUserid, @Nullable String extension,
                          String rowHash, boolean leader, @Nullable Long deptOrder, Set<TextColumn> cut) {
}
