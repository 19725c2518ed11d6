/**
 * The web dashboard: server-rendered pages (fleet overview with a heat map, runs and their live
 * progress, gathered output, hosts with metric charts, schedules, reports, approvals) plugged
 * into {@code muster serve} as a {@link dev.muster.server.http.ServerExtension}. No front-end
 * build: HTML from Java with every value escaped, a few lines of inline script, SVG charts.
 */
package dev.muster.server.web;
