package io.dingtalketl.ops.report;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.dingtalketl.ops.report.ChangeReport.DepartmentRef;
import io.dingtalketl.ops.report.ChangeReport.Reconciliation;
import io.dingtalketl.warehouse.EntityCounts;
import org.jspecify.annotations.Nullable;

/**
 * What the report says, as plain-text titled tables, whatever the format: the Markdown and the HTML
 * renderers only format and escape it, so both always say the same. Long lists are cut to
 * {@code maxRows} rows; {@link Table#total()} keeps the exact count.
 */
final class ReportLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    static final String NONE = "—";

    /** A titled table; {@code rows} may be fewer than {@code total} (the first ones). */
    record Table(String title, List<String> header, List<List<String>> rows, int total) {

        int omitted() {
            return total - rows.size();
        }
    }

    record Fact(String label, String value) {
    }

    /** One reconciliation check; {@code ok} false marks something to look into. */
    record Check(String label, String value, boolean ok) {
    }

    private final ChangeReport report;
    private final int maxRows;
    private final ZoneId zone;

    ReportLayout(ChangeReport report, int maxRows, ZoneId zone) {
        this.report = report;
        this.maxRows = maxRows;
        this.zone = zone;
    }

    ChangeReport report() {
        return report;
    }

    String title() {
        ChangeReport.Run run = report.run();
        return "Org sync " + run.runDate() + ", run " + run.runId() + ": " + run.status() + (run.dryRun() ? " (dry run)" : "")
                + (run.simulatedSource() != null ? " — SIMULATED, not DingTalk" : "");
    }

    List<Fact> facts() {
        ChangeReport.Run run = report.run();
        List<Fact> facts = new ArrayList<>();
        if (run.simulatedSource() != null) {
            facts.add(new Fact("Simulated", "this run read the " + run.simulatedSource() + ", not DingTalk: its data is invented"));
        }
        facts.add(new Fact("As of", asOf()));
        facts.add(new Fact("Job", run.jobName() + ", run date " + run.runDate()));
        if (run.dryRun()) {
            facts.add(new Fact("Dry run", "nothing was published; the changes below are what the run would have published"));
        }
        if (run.initialLoad()) {
            facts.add(new Fact("Initial load", "the warehouse was empty before this run: everyone joined, every department was created"));
        }
        facts.add(new Fact("DingTalk API calls", apiCalls()));
        if (run.meteredQuota() != null) {
            facts.add(new Fact("Monthly quota", run.meteredQuota().describe()));
        }
        if (run.counts().truncated().total() > 0) {
            facts.add(new Fact("Warnings", run.counts().truncated().describe() + "; the run's log names each record"));
        }
        return facts;
    }

    /** The as-of time in the organization's zone and in UTC. */
    String asOf() {
        ZonedDateTime utc = report.run().asOf().atZone(ZoneId.of("UTC"));
        return TIME.format(utc.withZoneSameInstant(zone)) + " " + zone.getId() + " (" + TIME.format(utc) + " UTC)";
    }

    String apiCalls() {
        Map<String, Long> calls = report.run().apiCalls();
        String total = Long.toString(report.run().apiCallsTotal());
        return calls.isEmpty() ? total : total + calls.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ", " (", ")"));
    }

    /** What the publish counted per dimension. */
    Table counts() {
        List<List<String>> rows = List.of(countRow("departments", report.run().counts().departments()),
                countRow("users", report.run().counts().users()), countRow("memberships", report.run().counts().memberships()));
        return new Table("Warehouse", List.of("", "seen", "new", "changed", "closed"), rows, rows.size());
    }

    private static List<String> countRow(String entity, EntityCounts c) {
        return List.of(entity, Integer.toString(c.seen()), Integer.toString(c.inserted()), Integer.toString(c.changed()),
                Integer.toString(c.closed()));
    }

    /** How many changes of each kind, every kind listed. */
    Table overview() {
        List<List<String>> rows = new ArrayList<>();
        for (Table t : changeTables()) {
            rows.add(List.of(t.title(), Integer.toString(t.total())));
        }
        return new Table("Changes", List.of("change", "count"), rows, rows.size());
    }

    /** The changes of each kind that happened, in the order of {@link #overview()}. */
    List<Table> changes() {
        return changeTables().stream().filter(t -> t.total() > 0).toList();
    }

    private List<Table> changeTables() {
        ChangeReport.UserChanges u = report.users();
        ChangeReport.DepartmentChanges d = report.departments();
        return List.of(
                table("Users joined", List.of("userid", "name", "departments"), u.joined(),
                        x -> List.of(x.userid(), x.name(), departments(x.departments()))),
                table("Users left", List.of("userid", "name", "departments left"), u.left(),
                        x -> List.of(x.userid(), x.name(), departments(x.departments()))),
                table("Users moved", List.of("userid", "name", "from", "to"), u.moved(),
                        x -> List.of(x.userid(), x.name(), departments(x.from()), departments(x.to()))),
                table("Other membership changes", List.of("userid", "name", "left department", "joined department"),
                        u.memberships(), x -> List.of(x.userid(), x.name(), departments(x.from()), departments(x.to()))),
                table("Users renamed", List.of("userid", "old name", "new name"), u.renamed(),
                        x -> List.of(x.userid(), x.oldName(), x.newName())),
                table("Title changes", List.of("userid", "name", "old title", "new title"), u.titleChanges(),
                        x -> List.of(x.userid(), x.name(), text(x.oldTitle()), text(x.newTitle()))),
                table("Departments created", List.of("dept_id", "name", "parent"), d.created(),
                        x -> List.of(Long.toString(x.deptId()), x.name(), department(x.parent()))),
                table("Departments removed", List.of("dept_id", "name", "parent"), d.removed(),
                        x -> List.of(Long.toString(x.deptId()), x.name(), department(x.parent()))),
                table("Departments moved", List.of("dept_id", "name", "old parent", "new parent"), d.moved(),
                        x -> List.of(Long.toString(x.deptId()), x.name(), department(x.fromParent()), department(x.toParent()))),
                table("Departments renamed", List.of("dept_id", "old name", "new name"), d.renamed(),
                        x -> List.of(Long.toString(x.deptId()), x.oldName(), x.newName())));
    }

    List<Check> reconciliation() {
        Reconciliation r = report.reconciliation();
        List<Check> checks = new ArrayList<>();
        Integer missing = r.missingFromRun();
        String seen = r.usersSeen() == null ? "not recorded yet" : Integer.toString(r.usersSeen());
        if (r.dingtalkUserCount() == null) {
            checks.add(new Check("Users seen by the run vs DingTalk user/count", seen + " vs not recorded", true));
        } else {
            checks.add(new Check("Users seen by the run vs DingTalk user/count", seen + " vs " + r.dingtalkUserCount()
                    + (missing == 0 ? "" : missing > 0 ? " (" + missing + " not seen: outside the app's contact scope?)"
                    : " (" + -missing + " more than DingTalk counts)"), missing == 0));
        }
        checks.add(new Check("Users in the warehouse at the as-of time", Integer.toString(r.warehouseUsers()),
                r.usersSeen() == null || r.usersSeen() == r.warehouseUsers()));
        checks.add(new Check("Users with no department", Integer.toString(r.usersWithoutDepartment().size()),
                r.usersWithoutDepartment().isEmpty()));
        checks.add(new Check("Departments whose parent is missing", Integer.toString(r.orphanDepartments().size()),
                r.orphanDepartments().isEmpty()));
        checks.add(drift(r));
        return checks;
    }

    /**
     * Drift: with contact events applied since the previous full sync, every change this run made is one the
     * events had not applied (a missed or not yet applied event); each is named in the change tables above.
     */
    private Check drift(Reconciliation r) {
        if (r.contactEventsApplied() == null || r.contactEventsApplied() == 0) {
            return new Check("Drift from contact events", "not measured (no contact events applied since the previous full sync)", true);
        }
        ChangeReport.UserChanges u = report.users();
        ChangeReport.DepartmentChanges d = report.departments();
        int drift = u.joined().size() + u.left().size() + u.moved().size() + u.memberships().size() + u.renamed().size()
                + u.titleChanges().size() + d.created().size() + d.removed().size() + d.moved().size() + d.renamed().size();
        return new Check("Drift from contact events (" + r.contactEventsApplied() + " applied since the previous full sync)",
                drift == 0 ? "0: the events had applied every change" : drift + " changes the events had not applied, listed above",
                drift == 0);
    }

    /** Lists behind failed reconciliation checks. */
    List<Table> reconciliationTables() {
        Reconciliation r = report.reconciliation();
        return List.of(
                table("Users with no department", List.of("userid", "name"), r.usersWithoutDepartment(),
                        x -> List.of(x.userid(), x.name())),
                table("Departments whose parent is missing", List.of("dept_id", "name", "missing parent"),
                        r.orphanDepartments(), x -> List.of(Long.toString(x.deptId()), x.name(),
                                x.parent() == null ? NONE : Long.toString(x.parent().deptId()))))
                .stream().filter(t -> t.total() > 0).toList();
    }

    private <T> Table table(String title, List<String> header, List<T> items, Function<T, List<String>> row) {
        return new Table(title, header, items.stream().limit(maxRows).map(row).toList(), items.size());
    }

    static String departments(List<DepartmentRef> departments) {
        return departments.isEmpty() ? NONE : departments.stream().map(ReportLayout::department).collect(Collectors.joining(", "));
    }

    static String department(@Nullable DepartmentRef department) {
        if (department == null) {
            return NONE;
        }
        return department.name().isEmpty() ? "#" + department.deptId() : department.name() + " (" + department.deptId() + ")";
    }

    private static String text(@Nullable String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }
}
