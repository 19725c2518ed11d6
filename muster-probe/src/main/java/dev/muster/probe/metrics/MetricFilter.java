package dev.muster.probe.metrics;

import dev.muster.core.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --where}: comparisons of a column with a number, joined by {@code &} (all must hold),
 * e.g. {@code cpu>80&mem>=50}. A host whose value is unknown (or that is down) does not match.
 */
public final class MetricFilter implements Predicate<HostMetrics> {
    private static final Pattern TERM = Pattern.compile("\\s*([A-Za-z]+)\\s*(>=|<=|!=|==|=|>|<)\\s*(-?\\d+(?:\\.\\d+)?)\\s*");

    private record Term(MetricColumn column, String op, double value) {
        boolean test(HostMetrics m) {
            Double v = column.of(m);
            if (v == null) {
                return false;
            }
            return switch (op) {
                case ">" -> v > value;
                case ">=" -> v >= value;
                case "<" -> v < value;
                case "<=" -> v <= value;
                case "!=" -> v != value;
                default -> v == value;
            };
        }
    }

    private final List<Term> terms;

    private MetricFilter(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    public static MetricFilter parse(String text) {
        List<Term> terms = new ArrayList<>();
        int at = 0;
        for (String part : text.split("&", -1)) {
            Matcher m = TERM.matcher(part);
            MetricColumn c = m.matches() ? MetricColumn.byKey(m.group(1)) : null;
            if (c == null) {
                String why = m.matches() ? "unknown column '" + m.group(1) + "'" : "found '" + part.trim() + "'";
                throw new InputException("--where", 1, at + 1, why + ": expected COLUMN OP NUMBER joined by '&' "
                        + "(e.g. cpu>80&mem>=50), with COLUMN one of " + MetricColumn.keys()
                        + " and OP one of > >= < <= = !=");
            }
            terms.add(new Term(c, m.group(2), Double.parseDouble(m.group(3))));
            at += part.length() + 1;
        }
        return new MetricFilter(terms);
    }

    @Override
    public boolean test(HostMetrics m) {
        return terms.stream().allMatch(t -> t.test(m));
    }
}
