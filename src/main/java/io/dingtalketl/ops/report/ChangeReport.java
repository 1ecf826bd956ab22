package io.dingtalketl.ops.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.dingtalketl.warehouse.PublishResult;
import io.dingtalketl.warehouse.QuotaUsage;
import org.jspecify.annotations.Nullable;

/**
 * What one run changed in the warehouse, as its SCD2 history records it at the run's as-of time. Every
 * list is complete (renderers shorten long lists, the counts stay exact); users are in userid order,
 * departments in dept_id order. Immutable.
 *
 * @param run            the run as recorded in {@code etl_sync_run}
 * @param users          joins, leaves, moves, renames and title changes
 * @param departments    created, removed, moved and renamed departments
 * @param reconciliation checks of the published state against DingTalk and against itself
 */
public record ChangeReport(Run run, UserChanges users, DepartmentChanges departments, Reconciliation reconciliation) {

    /**
     * @param status            {@code etl_sync_run.status} when the report was built
     * @param dryRun            the run published nothing for good ({@code etl_sync_run.dry_run})
     * @param initialLoad       the warehouse held nothing before this run: everything is "joined" and "created"
     * @param counts            what the publish counted (zeros when it has not recorded them yet)
     * @param dingtalkUserCount DingTalk's {@code user/count} at the start of the run; null when not recorded
     * @param simulatedSource   the simulator the run read instead of DingTalk (its data is invented); null for DingTalk
     * @param meteredQuota      the run's metered calls, this month's so far and the projection against the monthly
     *                          quota, when the report was built; null when not known
     */
    public record Run(long runId, String jobName, LocalDate runDate, Instant asOf, String status, boolean dryRun,
                      boolean initialLoad, PublishResult counts, long apiCallsTotal, Map<String, Long> apiCalls,
                      @Nullable Integer dingtalkUserCount, @Nullable String simulatedSource, @Nullable QuotaUsage meteredQuota) {

        public Run {
            apiCalls = Map.copyOf(apiCalls);
        }
    }

    /** A user as named at the as-of time (or, for a user who left, as last named). */
    public record UserRef(String userid, String name) {
    }

    /** A department as it was named on one side of the change. */
    public record DepartmentRef(long deptId, String name) {
    }

    /**
     * @param joined         users with a first version (or a first after an absence) starting at the as-of time,
     *                       with the departments they joined
     * @param left           users whose version closed at the as-of time with no successor, with the
     *                       departments they left
     * @param moved          users who left a department and joined another in this run (still in the org)
     * @param memberships    users who only joined, or only left, a department (still in the org)
     * @param renamed        name changes
     * @param titleChanges   title changes (an absent title is null)
     */
    public record UserChanges(List<UserMembership> joined, List<UserMembership> left, List<UserMove> moved,
                              List<UserMove> memberships, List<UserRename> renamed, List<TitleChange> titleChanges) {

        public UserChanges {
            joined = List.copyOf(joined);
            left = List.copyOf(left);
            moved = List.copyOf(moved);
            memberships = List.copyOf(memberships);
            renamed = List.copyOf(renamed);
            titleChanges = List.copyOf(titleChanges);
        }
    }

    public record UserMembership(String userid, String name, List<DepartmentRef> departments) {

        public UserMembership {
            departments = List.copyOf(departments);
        }
    }

    /** Departments left ({@code from}, named as before the run) and joined ({@code to}, as after). */
    public record UserMove(String userid, String name, List<DepartmentRef> from, List<DepartmentRef> to) {

        public UserMove {
            from = List.copyOf(from);
            to = List.copyOf(to);
        }
    }

    public record UserRename(String userid, String oldName, String newName) {
    }

    public record TitleChange(String userid, String name, @Nullable String oldTitle, @Nullable String newTitle) {
    }

    /**
     * @param created created departments, with their parent
     * @param removed removed departments, with their last parent
     * @param moved   departments with a new parent (their sub-departments move along and are not listed)
     * @param renamed name changes
     */
    public record DepartmentChanges(List<DepartmentEntry> created, List<DepartmentEntry> removed,
                                    List<DepartmentMove> moved, List<DepartmentRename> renamed) {

        public DepartmentChanges {
            created = List.copyOf(created);
            removed = List.copyOf(removed);
            moved = List.copyOf(moved);
            renamed = List.copyOf(renamed);
        }
    }

    /** A department with its parent (null for the root of the extraction). */
    public record DepartmentEntry(long deptId, String name, @Nullable DepartmentRef parent) {
    }

    public record DepartmentMove(long deptId, String name, @Nullable DepartmentRef fromParent, @Nullable DepartmentRef toParent) {
    }

    public record DepartmentRename(long deptId, String oldName, String newName) {
    }

    /**
     * @param usersSeen                distinct users the run extracted ({@code etl_sync_run.users_seen});
     *                                 null while the publish has not recorded it
     * @param warehouseUsers           users with a version valid at the as-of time
     * @param dingtalkUserCount        DingTalk's own count ({@code user/count}); null when not recorded
     * @param usersWithoutDepartment   users valid at the as-of time with no membership valid then
     * @param orphanDepartments        departments valid at the as-of time whose parent has no version valid then
     * @param contactEventsApplied     contact events applied between the previous full sync and this one: when
     *                                 positive, every change this run made is drift (events had not applied it);
     *                                 zero or null, the event path was not running and drift is not measured
     */
    public record Reconciliation(@Nullable Integer usersSeen, int warehouseUsers, @Nullable Integer dingtalkUserCount,
                                 List<UserRef> usersWithoutDepartment, List<DepartmentEntry> orphanDepartments,
                                 @Nullable Integer contactEventsApplied) {

        public Reconciliation {
            usersWithoutDepartment = List.copyOf(usersWithoutDepartment);
            orphanDepartments = List.copyOf(orphanDepartments);
        }

        /** The users the run saw, or else those in the warehouse at the as-of time. */
        public int usersCounted() {
            return usersSeen != null ? usersSeen : warehouseUsers;
        }

        /**
         * DingTalk's count minus the users the run counted: users DingTalk has that the run did not see
         * (outside the contact scope, for instance); null when DingTalk's count is not recorded.
         */
        public @Nullable Integer missingFromRun() {
            return dingtalkUserCount == null ? null : dingtalkUserCount - usersCounted();
        }

        /** Nothing to look into: counts agree (or are unknown), nobody without a department, no orphans. */
        public boolean clean() {
            Integer missing = missingFromRun();
            return (missing == null || missing == 0) && (usersSeen == null || usersSeen == warehouseUsers)
                    && usersWithoutDepartment.isEmpty() && orphanDepartments.isEmpty();
        }
    }

    /** Changes of every kind, for headlines. */
    public int totalChanges() {
        return users.joined().size() + users.left().size() + users.moved().size() + users.memberships().size()
                + users.renamed().size() + users.titleChanges().size() + departments.created().size()
                + departments.removed().size() + departments.moved().size() + departments.renamed().size();
    }
}
