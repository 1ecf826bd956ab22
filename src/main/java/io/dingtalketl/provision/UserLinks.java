package io.dingtalketl.provision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Which DingTalk user an HR employee is, the one place that decides it: the identity matching's current link of
 * the employee's HR id ({@code map_account_user}, system {@code etl.provision.identity-system}, account id = HR id)
 * to a current user; else the current user with the same job number (trimmed, case-insensitive); else the one with
 * the same mobile (only where the warehouse keeps mobiles as DingTalk sends them, {@code etl.pii.mobile=keep}).
 * Several users for one employee is never a link: it is {@link Link#ambiguous()}, and the planner refuses it.
 */
final class UserLinks {

    record Link(@Nullable String userid, List<String> ambiguous) {
    }

    private final Map<String, List<String>> byJobNumber = new HashMap<>();
    private final Map<String, List<String>> byMobile = new HashMap<>();
    private final boolean mobilesKept;
    private final Map<String, String> identityLinks;

    /** @param identityLinks HR id → userid: the identity matching's current links to current users */
    UserLinks(Iterable<WarehouseOrg.User> users, boolean mobilesKept, Map<String, String> identityLinks) {
        this.mobilesKept = mobilesKept;
        this.identityLinks = identityLinks;
        for (WarehouseOrg.User user : users) {
            if (user.jobNumber() != null && !user.jobNumber().isBlank()) {
                byJobNumber.computeIfAbsent(HrMaster.linkKey(user.jobNumber()), k -> new ArrayList<>()).add(user.userid());
            }
            if (mobilesKept && user.mobile() != null && !user.mobile().isBlank()) {
                byMobile.computeIfAbsent(user.mobile().strip(), k -> new ArrayList<>()).add(user.userid());
            }
        }
    }

    Link of(HrMaster.HrEmployee employee) {
        String linked = identityLinks.get(employee.hrId());
        if (linked != null) {
            return new Link(linked, List.of());
        }
        if (employee.jobNumber() != null) {
            List<String> users = byJobNumber.getOrDefault(HrMaster.linkKey(employee.jobNumber()), List.of());
            if (users.size() == 1) {
                return new Link(users.get(0), List.of());
            }
            if (users.size() > 1) {
                return new Link(null, users);
            }
        }
        if (mobilesKept && employee.mobile() != null) {
            List<String> users = byMobile.getOrDefault(employee.mobile().strip(), List.of());
            if (users.size() == 1) {
                return new Link(users.get(0), List.of());
            }
            if (users.size() > 1) {
                return new Link(null, users);
            }
        }
        return new Link(null, List.of());
    }

    /** Whether mobiles can be compared with the warehouse's (they are not when it hashes or drops them). */
    boolean mobilesKept() {
        return mobilesKept;
    }
}
