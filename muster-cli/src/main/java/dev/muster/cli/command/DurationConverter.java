package dev.muster.cli.command;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations the way operators write them: 500ms, 30s, 5m, 1h, 1m30s; a bare number is seconds. */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String v = value.trim();
        if (v.matches("\\d+(\\.\\d+)?")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        }
        Matcher m = PART.matcher(v);
        int at = 0;
        long ms = 0;
        while (m.find() && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            ms += Math.round(n * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            });
            at = m.end();
        }
        if (at != v.length() || v.isEmpty()) {
            throw new TypeConversionException("'" + value + "' is not a duration (expected e.g. 500ms, 30s, 5m, 1h)");
        }
        return Duration.ofMillis(ms);
    }
}
