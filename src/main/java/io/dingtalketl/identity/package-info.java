/**
 * Identity matching: the accounts of the company's other systems ({@code src_account}, loaded from CSV by
 * {@link io.dingtalketl.identity.AccountFileLoader}) linked to current DingTalk users ({@code dim_user}) by the
 * ordered rules of {@code etl.match.rules} ({@link io.dingtalketl.identity.IdentityMatcher}). {@code matchJob}
 * keeps the links with history in {@code map_account_user} and reports each run ({@code etl_match_run},
 * {@code etl_match_rule_count}, {@code etl_match_finding}); a run is one transaction, so a killed run changes
 * nothing and the next one computes the same links.
 */
@NullMarked
package io.dingtalketl.identity;

import org.jspecify.annotations.NullMarked;
