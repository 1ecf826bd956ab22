package io.dingtalketl.ops.report;

import java.util.List;

import io.dingtalketl.ops.report.ReportLayout.Check;
import io.dingtalketl.ops.report.ReportLayout.Fact;
import io.dingtalketl.ops.report.ReportLayout.Table;


/** The report as one self-contained UTF-8 HTML page (inline style, no scripts); every value is HTML-escaped. */
final class HtmlReportRenderer {

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:.5em 0 1.5em}
            th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
            th{background:#f3f3f3}
            .warn{color:#b00020;font-weight:bold}
            .more{color:#666;font-style:italic}
            """;

    private HtmlReportRenderer() {
    }

    static String render(ReportLayout layout) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(layout.title())).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<h1>").append(escape(layout.title())).append("</h1>\n<ul>\n");
        for (Fact fact : layout.facts()) {
            html.append("<li><b>").append(escape(fact.label())).append(":</b> ").append(escape(fact.value())).append("</li>\n");
        }
        html.append("</ul>\n");
        table(html, layout.counts(), "h2", false);
        table(html, layout.overview(), "h2", false);
        for (Table changes : layout.changes()) {
            table(html, changes, "h2", true);
        }
        html.append("<h2>Reconciliation</h2>\n<ul>\n");
        for (Check check : layout.reconciliation()) {
            html.append(check.ok() ? "<li>" : "<li class=\"warn\">⚠ ").append(escape(check.label())).append(": ")
                    .append(escape(check.value())).append("</li>\n");
        }
        html.append("</ul>\n");
        for (Table problems : layout.reconciliationTables()) {
            table(html, problems, "h3", true);
        }
        return html.append("</body>\n</html>\n").toString();
    }

    private static void table(StringBuilder html, Table table, String heading, boolean count) {
        html.append('<').append(heading).append('>').append(escape(table.title()));
        if (count) {
            html.append(" (").append(table.total()).append(')');
        }
        html.append("</").append(heading).append(">\n<table>\n<tr>");
        for (String h : table.header()) {
            html.append("<th>").append(escape(h)).append("</th>");
        }
        html.append("</tr>\n");
        for (List<String> cells : table.rows()) {
            html.append("<tr>");
            for (String cell : cells) {
                html.append("<td>").append(escape(cell)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        if (table.omitted() > 0) {
            html.append("<p class=\"more\">…and ").append(table.omitted()).append(" more (").append(table.total())
                    .append(" in all).</p>\n");
        }
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
