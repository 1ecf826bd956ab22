package io.dingtalketl.ops.report;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.dingtalketl.ops.report.ChangeReport.DepartmentChanges;
import io.dingtalketl.ops.report.ChangeReport.DepartmentEntry;
import io.dingtalketl.ops.report.ChangeReport.DepartmentMove;
import io.dingtalketl.ops.report.ChangeReport.DepartmentRef;
import io.dingtalketl.ops.report.ChangeReport.DepartmentRename;
import io.dingtalketl.ops.report.ChangeReport.Reconciliation;
import io.dingtalketl.ops.report.ChangeReport.TitleChange;
import io.dingtalketl.ops.report.ChangeReport.UserChanges;
import io.dingtalketl.ops.report.ChangeReport.UserMembership;
import io.dingtalketl.ops.report.ChangeReport.UserMove;
import io.dingtalketl.ops.report.ChangeReport.UserRef;
import io.dingtalketl.ops.report.ChangeReport.UserRename;
import io.dingtalketl.client.DingTalkProperties;
import io.dingtalketl.events.EventInbox;
import io.dingtalketl.warehouse.SyncRunRepository.SyncRun;
import io.dingtalketl.warehouse.MeteredCallLedger;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Builds a run's {@link ChangeReport} from the warehouse history alone: a run's new versions start at its
 * as-of time and the versions it closed end there, so the report is the same whenever it is built, even
 * after later runs.
 *
 * <p>Reads only through the application's {@link JdbcTemplate}, so inside a transaction it sees that
 * transaction's uncommitted writes: a dry run can publish, build the report and roll back. Read-only and
 * thread-safe.
 */
@Service
public class ChangeReportService {

    private final JdbcTemplate jdbc;
    private final SyncRunRepository runs;
    private final EventInbox inbox;
    private final MeteredCallLedger ledger;
    private final DingTalkProperties dingtalk;

    public ChangeReportService(JdbcTemplate jdbc, SyncRunRepository runs, EventInbox inbox, MeteredCallLedger ledger,
                               DingTalkProperties dingtalk) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.ledger = ledger;
        this.dingtalk = dingtalk;
        this.inbox = inbox;
    }

    /**
     * The changes run {@code runId} published.
     *
     * @throws IllegalArgumentException when {@code etl_sync_run} has no such run
     */
    public ChangeReport build(long runId) {
        SyncRun run = runs.find(runId).orElseThrow(() -> new IllegalArgumentException(
                "No run " + runId + " in etl_sync_run: a report can only be built for a run that started."));
        LocalDateTime at = LocalDateTime.ofInstant(run.asOf(), ZoneOffset.UTC);
        Integer dingtalkUserCount = run.dingtalkUserCount();

        Map<Long, Dept> before = departments(validBefore("d"), at);
        Map<Long, Dept> after = departments(validAt("d"), at);
        boolean initialLoad = before.isEmpty()
                && count("SELECT COUNT(*) FROM dim_user WHERE valid_from < ?", at) == 0;

        ChangeReport.Run header = new ChangeReport.Run(run.runId(), run.jobName(), run.runDate(), run.asOf(), run.status(),
                run.dryRun(), initialLoad, run.counts(), run.apiCallsTotal(), run.apiCalls(), dingtalkUserCount,
                run.simulatedSource(), ledger.usage(run.meteredCalls() == null ? 0 : run.meteredCalls(), dingtalk.monthlyQuota(),
                Instant.now()));
        return new ChangeReport(header, userChanges(at, before, after), departmentChanges(before, after),
                reconciliation(at, after, run.usersSeen(), dingtalkUserCount, contactEventsApplied(run)));
    }

    // users

    private UserChanges userChanges(LocalDateTime at, Map<Long, Dept> before, Map<Long, Dept> after) {
        Map<String, String> joined = names("""
                SELECT n.userid, n.name FROM dim_user n WHERE n.valid_from = ?
                AND NOT EXISTS (SELECT 1 FROM dim_user p WHERE p.userid = n.userid AND p.valid_to = ?)""", at, at);
        Map<String, String> left = names("""
                SELECT p.userid, p.name FROM dim_user p WHERE p.valid_to = ?
                AND NOT EXISTS (SELECT 1 FROM dim_user n WHERE n.userid = p.userid AND n.valid_from = ?)""", at, at);

        List<UserRename> renamed = new ArrayList<>();
        List<TitleChange> titleChanges = new ArrayList<>();
        jdbc.query("""
                SELECT p.userid, p.name, p.title, n.name, n.title FROM dim_user p
                JOIN dim_user n ON n.userid = p.userid AND n.valid_from = ?
                WHERE p.valid_to = ? ORDER BY p.userid""", rs -> {
            String userid = rs.getString(1);
            String oldName = rs.getString(2);
            String newName = rs.getString(4);
            if (!oldName.equals(newName)) {
                renamed.add(new UserRename(userid, oldName, newName));
            }
            if (!Objects.equals(rs.getString(3), rs.getString(5))) {
                titleChanges.add(new TitleChange(userid, newName, rs.getString(3), rs.getString(5)));
            }
        }, at, at);

        // Memberships that started or ended at the as-of time; one that did both only changed its
        // leader flag or order and is no move.
        Map<String, Set<Long>> started = new TreeMap<>();
        Map<String, Set<Long>> ended = new TreeMap<>();
        jdbc.query("""
                SELECT b.userid, b.dept_id, b.valid_from = ? AS started
                FROM bridge_user_department b WHERE b.valid_from = ? OR b.valid_to = ?""", rs -> {
            String userid = rs.getString(1);
            (rs.getBoolean(3) ? started : ended).computeIfAbsent(userid, u -> new TreeSet<>()).add(rs.getLong(2));
        }, at, at, at);
        for (Map.Entry<String, Set<Long>> in : started.entrySet()) {
            Set<Long> out = ended.get(in.getKey());
            if (out != null) {
                Set<Long> both = new HashSet<>(in.getValue());
                both.retainAll(out);
                in.getValue().removeAll(both);
                out.removeAll(both);
            }
        }
        started.values().removeIf(Set::isEmpty);
        ended.values().removeIf(Set::isEmpty);

        List<UserMove> moved = new ArrayList<>();
        List<UserMove> memberships = new ArrayList<>();
        Set<String> movers = new TreeSet<>(started.keySet());
        movers.addAll(ended.keySet());
        movers.removeAll(joined.keySet());
        movers.removeAll(left.keySet());
        Map<String, String> memberNames = moverNames(movers, at);
        for (String userid : movers) {
            UserMove move = new UserMove(userid, memberNames.getOrDefault(userid, userid),
                    refs(ended.get(userid), before), refs(started.get(userid), after));
            (move.from().isEmpty() || move.to().isEmpty() ? memberships : moved).add(move);
        }
        return new UserChanges(
                joined.entrySet().stream().map(u -> new UserMembership(u.getKey(), u.getValue(), refs(started.get(u.getKey()), after))).toList(),
                left.entrySet().stream().map(u -> new UserMembership(u.getKey(), u.getValue(), refs(ended.get(u.getKey()), before))).toList(),
                moved, memberships, renamed, titleChanges);
    }

    /**
     * The names at the as-of time of users whose memberships changed while they stayed in the organization
     * (usually a handful: read after the changes are known, not joined into the scan of every membership
     * change, which on an initial load is every membership of the organization).
     */
    private Map<String, String> moverNames(Set<String> movers, LocalDateTime at) {
        Map<String, String> names = new HashMap<>();
        List<String> userids = List.copyOf(movers);
        for (int from = 0; from < userids.size(); from += 500) {
            List<String> batch = userids.subList(from, Math.min(userids.size(), from + 500));
            String marks = String.join(", ", Collections.nCopies(batch.size(), "?"));
            List<Object> args = new ArrayList<>(batch);
            args.add(at);
            args.add(at);
            jdbc.query("SELECT u.userid, u.name FROM dim_user u WHERE u.userid IN (" + marks + ") AND " + validAt("u"),
                    rs -> {
                        names.put(rs.getString(1), rs.getString(2));
                    }, args.toArray());
        }
        return names;
    }

    // departments

    private record Dept(long deptId, @Nullable Long parentId, String name) {
    }

    private Map<Long, Dept> departments(String validity, LocalDateTime at) {
        Map<Long, Dept> departments = new TreeMap<>();
        jdbc.query("SELECT d.dept_id, d.parent_dept_id, d.name FROM dim_department d WHERE " + validity, rs -> {
            departments.put(rs.getLong(1), new Dept(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3)));
        }, at, at);
        return departments;
    }

    private static DepartmentChanges departmentChanges(Map<Long, Dept> before, Map<Long, Dept> after) {
        List<DepartmentEntry> created = new ArrayList<>();
        List<DepartmentEntry> removed = new ArrayList<>();
        List<DepartmentMove> moved = new ArrayList<>();
        List<DepartmentRename> renamed = new ArrayList<>();
        for (Dept now : after.values()) {
            Dept then = before.get(now.deptId());
            if (then == null) {
                created.add(new DepartmentEntry(now.deptId(), now.name(), ref(now.parentId(), after)));
                continue;
            }
            if (!Objects.equals(then.parentId(), now.parentId())) {
                moved.add(new DepartmentMove(now.deptId(), now.name(), ref(then.parentId(), before), ref(now.parentId(), after)));
            }
            if (!then.name().equals(now.name())) {
                renamed.add(new DepartmentRename(now.deptId(), then.name(), now.name()));
            }
        }
        for (Dept then : before.values()) {
            if (!after.containsKey(then.deptId())) {
                removed.add(new DepartmentEntry(then.deptId(), then.name(), ref(then.parentId(), before)));
            }
        }
        return new DepartmentChanges(created, removed, moved, renamed);
    }

    // reconciliation

    private Reconciliation reconciliation(LocalDateTime at, Map<Long, Dept> after, @Nullable Integer usersSeen,
                                          @Nullable Integer dingtalkUserCount, @Nullable Integer eventsApplied) {
        int warehouseUsers = count("SELECT COUNT(*) FROM dim_user u WHERE " + validAt("u"), at, at);
        List<UserRef> withoutDepartment = new ArrayList<>();
        names("SELECT u.userid, u.name FROM dim_user u WHERE " + validAt("u")
                + " AND NOT EXISTS (SELECT 1 FROM bridge_user_department b WHERE b.userid = u.userid AND " + validAt("b") + ")",
                at, at, at, at).forEach((userid, name) -> withoutDepartment.add(new UserRef(userid, name)));
        List<DepartmentEntry> orphans = after.values().stream()
                .filter(d -> d.parentId() != null && !after.containsKey(d.parentId()))
                .map(d -> new DepartmentEntry(d.deptId(), d.name(), new DepartmentRef(d.parentId(), "")))
                .toList();
        return new Reconciliation(usersSeen, warehouseUsers, dingtalkUserCount, withoutDepartment, orphans, eventsApplied);
    }

    /**
     * Contact events applied since the previous full sync, up to this run's end (or now): the event path was live
     * while this run extracted. Null for the first full sync.
     */
    private @Nullable Integer contactEventsApplied(SyncRun run) {
        java.time.Instant previous = runs.previousFullSyncAsOf(run.runId(), run.jobName(), run.asOf());
        return previous == null ? null : inbox.appliedBetween(previous, java.time.Instant.now());
    }

    // helpers

    /** Versions valid at the as-of time (two parameters): the state the run published. */
    private static String validAt(String alias) {
        return alias + ".valid_from <= ? AND (" + alias + ".valid_to IS NULL OR " + alias + ".valid_to > ?)";
    }

    /** Versions valid just before the as-of time (two parameters): the state the run started from. */
    private static String validBefore(String alias) {
        return alias + ".valid_from < ? AND (" + alias + ".valid_to IS NULL OR " + alias + ".valid_to >= ?)";
    }

    private Map<String, String> names(String sql, Object... args) {
        Map<String, String> names = new TreeMap<>();
        jdbc.query(sql, rs -> {
            names.put(rs.getString(1), rs.getString(2));
        }, args);
        return names;
    }

    private static List<DepartmentRef> refs(@Nullable Set<Long> deptIds, Map<Long, Dept> state) {
        if (deptIds == null) {
            return List.of();
        }
        return deptIds.stream().sorted(Comparator.naturalOrder()).map(id -> Objects.requireNonNull(ref(id, state))).toList();
    }

    private static @Nullable DepartmentRef ref(@Nullable Long deptId, Map<Long, Dept> state) {
        if (deptId == null) {
            return null;
        }
        Dept dept = state.get(deptId);
        // A membership or parent pointing at a department the warehouse does not hold: keep the id.
        return new DepartmentRef(deptId, dept == null ? "" : dept.name());
    }

    private int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }
}
