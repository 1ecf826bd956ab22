package io.dingtalketl.ops.report;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.dingtalketl.client.wire.SendMessageRequest;
import io.dingtalketl.ops.report.ChangeReport.Reconciliation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import static io.dingtalketl.ops.report.MarkdownReportRenderer.escape;

/**
 * The short DingTalk markdown that announces a run: status, counts, a few of the changes and where the
 * full report is. DingTalk limits {@code msg} to 2048 bytes of JSON (and markdown text to 5000
 * characters), so changes are left out, last first, until the message fits. The text names the run and
 * its as-of time: DingTalk silently drops the same content sent to the same user twice in a day.
 *
 * @param title the notification's title (shown in the chat list)
 * @param text  DingTalk markdown (headings, bold, lists and links; no tables)
 */
record NotificationMessage(String title, String text) {

    static final int MAX_MSG_BYTES = 2048;
    static final int MAX_TEXT_CHARS = 5000;
    static final int TOP_CHANGES = 10;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static NotificationMessage of(ReportLayout layout, String link) {
        ChangeReport report = layout.report();
        String title = layout.title();
        List<String> changes = topChanges(report);
        while (true) {
            NotificationMessage message = new NotificationMessage(title, text(layout, changes, link));
            if (message.fits() || changes.isEmpty()) {
                return message.fits() ? message : message.cut();
            }
            changes = changes.subList(0, changes.size() - 1);
        }
    }

    /** Size of {@code msg} as {@code asyncsend_v2} sends it. */
    int msgBytes() {
        return JSON.writeValueAsBytes(new SendMessageRequest.Message("markdown", new SendMessageRequest.Markdown(title, text))).length;
    }

    boolean fits() {
        return msgBytes() <= MAX_MSG_BYTES && text.length() <= MAX_TEXT_CHARS;
    }

    private static String text(ReportLayout layout, List<String> changes, String link) {
        ChangeReport report = layout.report();
        ChangeReport.UserChanges u = report.users();
        ChangeReport.DepartmentChanges d = report.departments();
        StringBuilder md = new StringBuilder();
        md.append("### ").append(escape(layout.title())).append("\n\n");
        md.append("As of ").append(layout.asOf()).append("\n\n");
        md.append("- **Users**: ").append(report.run().counts().users().seen()).append(" seen, ")
                .append(u.joined().size()).append(" joined, ").append(u.left().size()).append(" left, ")
                .append(u.moved().size()).append(" moved, ").append(u.renamed().size()).append(" renamed, ")
                .append(u.titleChanges().size()).append(" new titles\n");
        md.append("- **Departments**: ").append(report.run().counts().departments().seen()).append(" seen, ")
                .append(d.created().size()).append(" created, ").append(d.removed().size()).append(" removed, ")
                .append(d.moved().size()).append(" moved, ").append(d.renamed().size()).append(" renamed\n");
        md.append("- **Reconciliation**: ").append(reconciliation(report.reconciliation())).append('\n');
        md.append("- **DingTalk API calls**: ").append(report.run().apiCallsTotal()).append('\n');
        if (report.run().meteredQuota() != null) {
            md.append("- **Monthly quota**: ").append(escape(report.run().meteredQuota().describe())).append('\n');
        }
        md.append('\n');
        if (!changes.isEmpty()) {
            md.append("**Changes**").append(report.totalChanges() > changes.size()
                    ? " (" + changes.size() + " of " + report.totalChanges() + ")" : "").append("\n\n");
            changes.forEach(line -> md.append("- ").append(line).append('\n'));
            md.append('\n');
        }
        md.append("Full report: ").append(link.startsWith("http://") || link.startsWith("https://")
                ? "[" + escape(link.substring(link.lastIndexOf('/') + 1)) + "](" + link + ")" : "`" + link + "`");
        return md.toString();
    }

    private static String reconciliation(Reconciliation r) {
        List<String> problems = new ArrayList<>();
        Integer missing = r.missingFromRun();
        if (missing != null && missing != 0) {
            problems.add(missing > 0 ? "DingTalk counts " + missing + " users more than the run saw"
                    : "the run saw " + -missing + " users more than DingTalk counts");
        }
        if (!r.usersWithoutDepartment().isEmpty()) {
            problems.add("users with no department: " + r.usersWithoutDepartment().size());
        }
        if (!r.orphanDepartments().isEmpty()) {
            problems.add("departments whose parent is missing: " + r.orphanDepartments().size());
        }
        if (problems.isEmpty()) {
            return r.dingtalkUserCount() == null ? "ok (DingTalk user/count not recorded)" : "ok";
        }
        return "⚠ " + String.join("; ", problems);
    }

    /** One line per change, taking kinds in turn so that each kind shows before any shows twice. */
    private static List<String> topChanges(ChangeReport report) {
        ChangeReport.UserChanges u = report.users();
        ChangeReport.DepartmentChanges d = report.departments();
        List<Iterator<String>> kinds = List.of(
                u.joined().stream().map(x -> "joined: " + escape(x.name()) + " (" + escape(ReportLayout.departments(x.departments())) + ")").iterator(),
                u.left().stream().map(x -> "left: " + escape(x.name()) + " (" + escape(ReportLayout.departments(x.departments())) + ")").iterator(),
                u.moved().stream().map(x -> "moved: " + escape(x.name()) + ": " + escape(ReportLayout.departments(x.from()))
                        + " → " + escape(ReportLayout.departments(x.to()))).iterator(),
                u.renamed().stream().map(x -> "renamed: " + escape(x.oldName()) + " → " + escape(x.newName())).iterator(),
                u.titleChanges().stream().map(x -> "title: " + escape(x.name()) + ": " + escape(orNone(x.oldTitle()))
                        + " → " + escape(orNone(x.newTitle()))).iterator(),
                d.created().stream().map(x -> "department created: " + escape(x.name()) + " in "
                        + escape(ReportLayout.department(x.parent()))).iterator(),
                d.removed().stream().map(x -> "department removed: " + escape(x.name()) + " (" + x.deptId() + ")").iterator(),
                d.moved().stream().map(x -> "department moved: " + escape(x.name()) + ": " + escape(ReportLayout.department(x.fromParent()))
                        + " → " + escape(ReportLayout.department(x.toParent()))).iterator(),
                d.renamed().stream().map(x -> "department renamed: " + escape(x.oldName()) + " → " + escape(x.newName())).iterator());
        List<String> lines = new ArrayList<>();
        boolean more = true;
        while (more && lines.size() < TOP_CHANGES) {
            more = false;
            for (Iterator<String> kind : kinds) {
                if (kind.hasNext() && lines.size() < TOP_CHANGES) {
                    lines.add(kind.next());
                    more = true;
                }
            }
        }
        return lines;
    }

    private static String orNone(@Nullable String value) {
        return value == null || value.isEmpty() ? ReportLayout.NONE : value;
    }

    /** Last resort for a message that does not fit even without changes: cut the text. */
    private NotificationMessage cut() {
        int[] codePoints = text.codePoints().toArray();
        int keep = codePoints.length;
        NotificationMessage message = this;
        while (!message.fits() && keep > 0) {
            keep = Math.max(0, keep - 32);
            message = new NotificationMessage(title, new String(codePoints, 0, keep) + " …");
        }
        return message;
    }
}
