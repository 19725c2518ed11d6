/**
 * Inspections: a file of checks ({@link dev.muster.server.inspect.InspectionReader}) run over a
 * fleet by the {@link dev.muster.server.inspect.Inspector} (one script per host for metric,
 * service and log checks, health checks as `muster check` makes them), stored as
 * {@link dev.muster.server.inspect.Report}s with the changes since the previous one
 * ({@link dev.muster.server.inspect.ReportStore}), rendered as JSON and HTML, and alerted to a
 * webhook on new failures ({@link dev.muster.server.inspect.InspectionJob}).
 */
package dev.muster.server.inspect;
