package dev.muster.probe.logs;

import dev.muster.core.InputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code --since}: a duration back from now ({@code 10m}, {@code 2h}, {@code 1d}, {@code 1h30m})
 * or a timestamp ({@code 2026-11-27T20:01:02Z}, {@code 2026-11-27T20:01:02+01:00},
 * {@code 2026-11-27 20:01}, {@code 2026-11-27}); a timestamp without a zone is in the controller's zone.
 */
public final class Since {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Since() {
    }

    public static Instant parse(String text, Clock clock) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw bad(text);
        }
        Duration d = duration(t);
        if (d != null) {
            return clock.instant().minus(d);
        }
        String iso = t.replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException notWithZone) {
            // try the forms without a zone below
        }
        ZoneId zone = clock.getZone();
        try {
            return LocalDateTime.parse(iso).atZone(zone).toInstant();
        } catch (DateTimeParseException notLocal) {
            // try a date alone
        }
        try {
            return LocalDate.parse(iso).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(text);
        }
    }

    /** "1h30m" and friends; a bare number is seconds; null when {@code t} is not a duration. */
    static Duration duration(String t) {
        String s = t.toLowerCase(Locale.ROOT);
        if (s.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        Matcher m = DURATION.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        while (m.find() && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            at = m.end();
        }
        return at == s.length() && at > 0 ? total : null;
    }

    private static InputException bad(String text) {
        return InputException.option("--since", "cannot read '" + text + "': give a duration back from now "
                + "(10m, 2h, 1d, 1h30m) or a timestamp (2026-11-27T20:01:02Z, 2026-11-27 20:01, 2026-11-27)");
    }
}
