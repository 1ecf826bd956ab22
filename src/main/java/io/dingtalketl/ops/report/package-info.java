/**
 * The run report: what one org sync run changed in the warehouse, read back from the SCD2 history at
 * the run's as-of time ({@link io.dingtalketl.ops.report.ChangeReportService}), rendered as Markdown and
 * HTML and kept with the run ({@link io.dingtalketl.ops.report.RunReportWriter}), and announced by a
 * DingTalk work notification whose silently dropped recipients are checked and reported
 * ({@link io.dingtalketl.ops.report.RunNotifier}).
 */
@NullMarked
package io.dingtalketl.ops.report;

import org.jspecify.annotations.NullMarked;
