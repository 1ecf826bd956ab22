package io.dingtalketl.ops.report;

import java.util.List;
import java.util.stream.Collectors;

import io.dingtalketl.ops.report.ReportLayout.Check;
import io.dingtalketl.ops.report.ReportLayout.Fact;
import io.dingtalketl.ops.report.ReportLayout.Table;


/**
 * The report as CommonMark with GitHub tables. Names are escaped so that DingTalk data (a name with
 * {@code *}, {@code |} or {@code <b>}) shows as written and cannot break a table or inject markup.
 */
final class MarkdownReportRenderer {

    private MarkdownReportRenderer() {
    }

    static String render(ReportLayout layout) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(escape(layout.title())).append("\n\n");
        for (Fact fact : layout.facts()) {
            md.append("- **").append(fact.label()).append(":** ").append(escape(fact.value())).append('\n');
        }
        md.append('\n');
        table(md, layout.counts(), "##", false);
        table(md, layout.overview(), "##", false);
        for (Table changes : layout.changes()) {
            table(md, changes, "##", true);
        }
        md.append("## Reconciliation\n\n");
        for (Check check : layout.reconciliation()) {
            md.append("- ").append(check.ok() ? "" : "⚠ ").append(check.label()).append(": ")
                    .append(escape(check.value())).append('\n');
        }
        md.append('\n');
        for (Table problems : layout.reconciliationTables()) {
            table(md, problems, "###", true);
        }
        return md.toString();
    }

    private static void table(StringBuilder md, Table table, String heading, boolean count) {
        md.append(heading).append(' ').append(table.title());
        if (count) {
            md.append(" (").append(table.total()).append(')');
        }
        md.append("\n\n");
        md.append("| ").append(String.join(" | ", table.header())).append(" |\n");
        md.append(table.header().stream().map(h -> "---").collect(Collectors.joining(" | ", "| ", " |"))).append('\n');
        for (List<String> cells : table.rows()) {
            md.append(row(cells)).append('\n');
        }
        if (table.omitted() > 0) {
            md.append("\n…and ").append(table.omitted()).append(" more (").append(table.total()).append(" in all).\n");
        }
        md.append('\n');
    }

    private static String row(List<String> cells) {
        return cells.stream().map(MarkdownReportRenderer::escape).collect(Collectors.joining(" | ", "| ", " |"));
    }

    /** Backslash-escapes Markdown's punctuation that could change the meaning; a line break becomes a space. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '#' -> out.append('\\').appendCodePoint(c);
                case '\r', '\n' -> out.append(' ');
                default -> out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
