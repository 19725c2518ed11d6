package dev.muster.server.web;

import dev.muster.server.metrics.MetricSample;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Small inline SVG line charts of one metric over time: no script, no library. Each has a y axis
 * (0 and its top, with the unit), the times of its first and last samples (UTC), the latest value
 * and range in its caption, a name for screen readers, and hover titles on up to {@link #MARKS} points.
 */
final class Charts {
    static final int WIDTH = 360;
    static final int HEIGHT = 110;
    /** Room for the y labels on the left and the time labels below. */
    static final int LEFT = 36;
    static final int BOTTOM = 16;
    /** More points than pixels only slow the page: samples are thinned to this many. */
    static final int MAX_POINTS = WIDTH;
    /** Points that carry a hover title (value and time). */
    static final int MARKS = 48;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private Charts() {
    }

    /**
     * @param unit shown after values ("%", or "" for a plain number)
     * @param max  the value at the top of the chart; 0 scales to the largest value seen
     */
    static String line(String title, String unit, List<MetricSample> samples, Function<MetricSample, Double> metric,
                       double max) {
        StringBuilder sb = new StringBuilder(512 + Math.min(samples.size(), MAX_POINTS) * 12);
        List<MetricSample> valued = samples.stream().filter(s -> metric.apply(s) != null).toList();
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (MetricSample s : valued) {
            lo = Math.min(lo, metric.apply(s));
            hi = Math.max(hi, metric.apply(s));
        }
        sb.append("<figure class=chartbox><figcaption>").append(Html.esc(title));
        if (valued.isEmpty()) {
            return sb.append("</figcaption><p class=empty>No data in this range.</p></figure>").toString();
        }
        double latest = metric.apply(valued.getLast());
        sb.append(": <b>").append(value(latest, unit)).append("</b> now · ").append(value(lo, unit)).append('–')
                .append(value(hi, unit)).append("</figcaption>");
        if (valued.size() < 2) {
            return sb.append("<p class=empty>One sample so far: the line needs two.</p></figure>").toString();
        }
        double top = max > 0 ? max : hi <= 0 ? 1 : hi;
        long t0 = valued.getFirst().at().toEpochMilli();
        double span = Math.max(1, valued.getLast().at().toEpochMilli() - t0);
        int plotW = WIDTH - LEFT - 2;
        int plotH = HEIGHT - BOTTOM - 2;
        String name = title + ": latest " + value(latest, unit) + ", from " + value(lo, unit) + " to " + value(hi, unit)
                + " between " + TIME.format(valued.getFirst().at()) + " and " + TIME.format(valued.getLast().at()) + " UTC";
        sb.append("<svg class=chart width=").append(WIDTH).append(" height=").append(HEIGHT).append(" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" role=img aria-label=\"").append(Html.esc(name))
                .append("\"><title>").append(Html.esc(name)).append("</title>")
                .append("<line class=axis x1=").append(LEFT).append(" y1=1 x2=").append(LEFT).append(" y2=").append(plotH + 1)
                .append("></line><line class=axis x1=").append(LEFT).append(" y1=").append(plotH + 1).append(" x2=")
                .append(WIDTH - 1).append(" y2=").append(plotH + 1).append("></line>")
                .append(label(LEFT - 3, 10, "end", value(top, unit)))
                .append(label(LEFT - 3, plotH + 1, "end", value(0, unit)))
                .append(label(LEFT, HEIGHT - 3, "start", TIME.format(valued.getFirst().at())))
                .append(label(WIDTH - 1, HEIGHT - 3, "end", TIME.format(valued.getLast().at())))
                .append("<polyline points=\"");
        int step = Math.max(1, valued.size() / MAX_POINTS);
        for (int i = 0; i < valued.size(); i += step) {
            MetricSample s = valued.get(i);
            sb.append(x(s, t0, span, plotW)).append(',').append(y(metric.apply(s), top, plotH)).append(' ');
        }
        sb.append("\"/>");
        int markStep = Math.max(1, (valued.size() + MARKS - 1) / MARKS);
        for (int i = valued.size() - 1; i >= 0; i -= markStep) {
            MetricSample s = valued.get(i);
            sb.append("<circle r=3 cx=").append(x(s, t0, span, plotW)).append(" cy=").append(y(metric.apply(s), top, plotH))
                    .append("><title>").append(value(metric.apply(s), unit)).append(" at ").append(TIME.format(s.at()))
                    .append(" UTC</title></circle>");
        }
        return sb.append("</svg></figure>").toString();
    }

    private static long x(MetricSample s, long t0, double span, int plotW) {
        return LEFT + 1 + Math.round((s.at().toEpochMilli() - t0) / span * plotW);
    }

    private static long y(double v, double top, int plotH) {
        return Math.round(plotH + 1 - Math.min(Math.max(v, 0), top) / top * plotH);
    }

    private static String label(int x, int y, String anchor, String text) {
        return "<text x=" + x + " y=" + y + " text-anchor=" + anchor + ">" + Html.esc(text) + "</text>";
    }

    static String value(double v, String unit) {
        return (unit.equals("%") ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.2f", v)) + unit;
    }
}
