package dev.muster.server.web;

import dev.muster.server.metrics.MetricSample;
import java.util.List;
import java.util.function.Function;

/** Small inline SVG line charts of one metric over time: no script, no library. */
final class Charts {
    static final int WIDTH = 360;
    static final int HEIGHT = 90;
    /** More points than pixels only slow the page: samples are thinned to this many. */
    static final int MAX_POINTS = WIDTH;

    private Charts() {
    }

    /**
     * @param max the value at the top of the chart; 0 scales to the largest value seen
     */
    static String line(String title, List<MetricSample> samples, Function<MetricSample, Double> metric, double max) {
        StringBuilder sb = new StringBuilder(64 + Math.min(samples.size(), MAX_POINTS) * 12);
        sb.append("<figure><figcaption>").append(Html.esc(title)).append("</figcaption>");
        if (samples.size() < 2) {
            return sb.append("<p>not enough samples yet</p></figure>").toString();
        }
        double top = max;
        if (top <= 0) {
            for (MetricSample s : samples) {
                Double v = metric.apply(s);
                top = v == null ? top : Math.max(top, v);
            }
            top = top <= 0 ? 1 : top;
        }
        long t0 = samples.getFirst().at().toEpochMilli();
        double span = Math.max(1, samples.getLast().at().toEpochMilli() - t0);
        int step = Math.max(1, samples.size() / MAX_POINTS);
        sb.append("<svg class=chart width=").append(WIDTH).append(" height=").append(HEIGHT).append(" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" role=img><polyline points=\"");
        for (int i = 0; i < samples.size(); i += step) {
            MetricSample s = samples.get(i);
            Double v = metric.apply(s);
            if (v != null) {
                long x = Math.round((s.at().toEpochMilli() - t0) / span * (WIDTH - 2)) + 1;
                long y = Math.round(HEIGHT - 1 - Math.min(v, top) / top * (HEIGHT - 2));
                sb.append(x).append(',').append(y).append(' ');
            }
        }
        return sb.append("\"/></svg></figure>").toString();
    }
}
