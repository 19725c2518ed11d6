package dev.muster.server.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.muster.core.InputException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed cron expression with its time zone. Accepted forms:
 * <ul>
 *   <li>5 fields, Unix: {@code minute hour day-of-month month day-of-week}, e.g. {@code 0 2 * * *};</li>
 *   <li>6 fields, Spring-like, seconds first: {@code second minute hour day-of-month month day-of-week},
 *       e.g. {@code 30 0 2 * * *} (no {@code ?} needed, unlike Quartz; day-of-week 0 or 7 is Sunday);</li>
 *   <li>the macros {@code @yearly} ({@code @annually}), {@code @monthly}, {@code @weekly},
 *       {@code @daily} ({@code @midnight}) and {@code @hourly}. {@code @reboot} is refused: a
 *       server restart is not an event muster schedules on.</li>
 * </ul>
 * Times are wall-clock times in the schedule's zone, as cron-utils computes them across
 * daylight-saving changes: a wall time that does not exist that day (02:30 when clocks jump
 * from 02:00 to 03:00) is skipped that day; a wall time that occurs twice fires once, at its
 * first occurrence; an hourly schedule still fires every real hour. CronScheduleTest pins this.
 */
public final class CronSchedule {
    static final String EXPECTED = "expected 5 fields (minute hour day-of-month month day-of-week), "
            + "6 fields with seconds first (second minute hour day-of-month month day-of-week), "
            + "or one of @yearly @monthly @weekly @daily @hourly";

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final CronParser UNIX = parser(CronType.UNIX);
    private static final CronParser WITH_SECONDS = parser(CronType.SPRING);

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime times;

    private CronSchedule(String expression, ZoneId zone, ExecutionTime times) {
        this.expression = expression;
        this.zone = zone;
        this.times = times;
    }

    /**
     * Parses {@code expression} in {@code zone} (an IANA name such as Europe/Berlin, or UTC).
     *
     * @param source where the expression came from, named in errors (schedule name, file)
     * @param line   its line in that file, or 0
     * @throws InputException naming the source and what was expected
     */
    public static CronSchedule parse(String expression, String zone, String source, int line) {
        ZoneId zoneId = zone(zone, source, line);
        String text = expression == null ? "" : expression.strip();
        String fields = MACROS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
        if (text.equalsIgnoreCase("@reboot")) {
            throw new InputException(source, line, 0, "cron '@reboot' is not supported: muster schedules "
                    + "on the clock, not on restarts; " + EXPECTED);
        }
        int count = fields.isEmpty() ? 0 : fields.split("\\s+").length;
        if (count != 5 && count != 6) {
            throw new InputException(source, line, 0, "bad cron '" + text + "': " + count + " fields; " + EXPECTED);
        }
        try {
            Cron cron = (count == 5 ? UNIX : WITH_SECONDS).parse(fields).validate();
            return new CronSchedule(text, zoneId, ExecutionTime.forCron(cron));
        } catch (IllegalArgumentException e) {
            throw new InputException(source, line, 0, "bad cron '" + text + "': " + e.getMessage() + "; "
                    + (count == 5 ? "expected minute hour day-of-month month day-of-week"
                    : "expected second minute hour day-of-month month day-of-week"), e);
        }
    }

    public static CronSchedule parse(String expression, String zone, String source) {
        return parse(expression, zone, source, 0);
    }

    private static ZoneId zone(String zone, String source, int line) {
        try {
            return ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone.strip());
        } catch (DateTimeException e) {
            throw new InputException(source, line, 0, "unknown time zone '" + zone
                    + "'; expected an IANA zone such as UTC or Europe/Berlin");
        }
    }

    private static CronParser parser(CronType type) {
        CronDefinition def = CronDefinitionBuilder.instanceDefinitionFor(type);
        return new CronParser(def);
    }

    /**
     * Refuses an expression no date ever matches, such as {@code 0 0 30 2 *} (30 February): saved,
     * it would sit in the schedule list never running, and nobody would notice.
     *
     * @throws InputException naming {@code source}
     */
    public void requireFires(String source) {
        if (next(Instant.now()).isEmpty()) {
            throw InputException.in(source, "cron '" + expression + "' never fires: no date matches its "
                    + "day-of-month and month (such as day 30 or 31 of February); " + EXPECTED);
        }
    }

    /** The expression as written (a macro stays a macro). */
    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first fire time strictly after {@code after}, if the expression ever fires again. */
    public Optional<Instant> next(Instant after) {
        return times.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }

    /** The latest fire time at or before {@code at}, if there was one. */
    public Optional<Instant> latestAtOrBefore(Instant at) {
        // Fire times fall on whole seconds; look from just after this second.
        Instant probe = at.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return times.lastExecution(ZonedDateTime.ofInstant(probe, zone)).map(ZonedDateTime::toInstant)
                .filter(t -> !t.isAfter(at));
    }

    /** The next {@code n} fire times after {@code after}. */
    public List<Instant> next(Instant after, int n) {
        List<Instant> out = new ArrayList<>();
        Instant from = after;
        while (out.size() < n) {
            Optional<Instant> t = next(from);
            if (t.isEmpty()) {
                break;
            }
            out.add(t.get());
            from = t.get();
        }
        return out;
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
