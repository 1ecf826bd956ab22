package io.dingtalketl.ops.report;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;

import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the run report ({@code etl.report.*}).
 *
 * @param dir          where {@code orgsync-<runDate>-run<runId>.md} and {@code .html} are written
 * @param maxListItems rows shown per list before "…and N more" (the counts stay exact)
 * @param baseUrl      where {@code dir} is served, e.g. {@code https://intranet.example.com/etl-reports/}: the
 *                     notification links to the HTML report there; without it, it names the file
 */
@Validated
@ConfigurationProperties("etl.report")
public record ReportProperties(@DefaultValue("./reports") Path dir, @Min(1) @DefaultValue("50") int maxListItems,
                               @Nullable URI baseUrl) {

    String fileName(LocalDate runDate, long runId, String extension) {
        return "orgsync-" + runDate + "-run" + runId + "." + extension;
    }

    Path markdownFile(ChangeReport report) {
        return dir.resolve(fileName(report.run().runDate(), report.run().runId(), "md"));
    }

    Path htmlFile(ChangeReport report) {
        return dir.resolve(fileName(report.run().runDate(), report.run().runId(), "html"));
    }

    /** Where a reader finds the HTML report: its URL under {@code baseUrl}, else its absolute path. */
    String link(ChangeReport report) {
        String file = fileName(report.run().runDate(), report.run().runId(), "html");
        if (baseUrl == null) {
            return htmlFile(report).toAbsolutePath().normalize().toString();
        }
        String base = baseUrl.toString();
        return base.endsWith("/") ? base + file : base + "/" + file;
    }
}
