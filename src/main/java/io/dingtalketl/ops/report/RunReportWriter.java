package io.dingtalketl.ops.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.dingtalketl.orgsync.EtlProperties;
import io.dingtalketl.warehouse.SyncRunRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes a {@link ChangeReport} as {@code <etl.report.dir>/orgsync-<runDate>-run<runId>.md} and {@code .html}
 * (UTF-8, each file replaced whole, so a reader never sees half a report) and keeps the Markdown in
 * {@code etl_sync_run.report_markdown}. Writing a run's report again replaces it. Thread-safe.
 */
@Component
public class RunReportWriter {

    private static final Logger log = LoggerFactory.getLogger(RunReportWriter.class);

    private final SyncRunRepository runs;
    private final ReportProperties properties;
    private final EtlProperties etl;

    public RunReportWriter(SyncRunRepository runs, ReportProperties properties, EtlProperties etl) {
        this.runs = runs;
        this.properties = properties;
        this.etl = etl;
    }

    /** Where a report went, and its Markdown text. */
    public record WrittenReport(Path markdownFile, Path htmlFile, String markdown) {
    }

    /**
     * Writes both files and stores the Markdown with the run.
     *
     * @throws UncheckedIOException when a file cannot be written (nothing is stored in the run row then)
     */
    public WrittenReport write(ChangeReport report) {
        ReportLayout layout = layout(report);
        String markdown = MarkdownReportRenderer.render(layout);
        Path markdownFile = properties.markdownFile(report);
        Path htmlFile = properties.htmlFile(report);
        try {
            Files.createDirectories(properties.dir());
            replace(markdownFile, markdown);
            replace(htmlFile, HtmlReportRenderer.render(layout));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the run report to " + properties.dir().toAbsolutePath()
                    + " (etl.report.dir): " + e.getMessage(), e);
        }
        if (!runs.reportWritten(report.run().runId(), markdown, htmlFile.toAbsolutePath().normalize().toString())) {
            log.warn("Run {} has no etl_sync_run row: its report was written to {} only", report.run().runId(), htmlFile);
        }
        log.info("Run report: {} ({} changes)", htmlFile.toAbsolutePath().normalize(), report.totalChanges());
        return new WrittenReport(markdownFile, htmlFile, markdown);
    }

    ReportLayout layout(ChangeReport report) {
        return new ReportLayout(report, properties.maxListItems(), etl.org().timeZone());
    }

    private static void replace(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
