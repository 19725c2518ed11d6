package dev.muster.core.window;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Problems;
import dev.muster.core.inventory.Where;
import dev.muster.core.inventory.YamlNode;
import dev.muster.core.inventory.YamlValues;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code windows:} (of a plan or of the inventory: the same schema): named maintenance
 * windows. Every problem is collected, none thrown, so a file's problems are reported at once.
 */
public final class WindowReader {
    public static final List<String> KEYS = List.of("zone", "every", "start", "duration", "except", "latest_start");

    private final Problems problems = new Problems();

    private WindowReader() {
    }

    /** The windows of {@code node}, and every problem found in them (empty when none). */
    public record Read(Map<String, Window> windows, Map<String, Where> declared, List<InputException> problems) {
    }

    public static Read read(YamlNode node) {
        WindowReader reader = new WindowReader();
        Map<String, Where> declared = new LinkedHashMap<>();
        Map<String, Window> windows = reader.windows(node, declared);
        return new Read(windows, declared, reader.problems.list());
    }

    private Map<String, Window> windows(YamlNode node, Map<String, Where> declared) {
        Map<String, Window> out = new LinkedHashMap<>();
        YamlNode.Mapping all = problems.read(() -> YamlValues.mapping(node, "windows"));
        if (all == null) {
            return out;
        }
        for (YamlNode.Entry entry : all.entries().values()) {
            Window w = window(entry);
            declared.put(entry.key(), entry.keyWhere());
            if (w != null) {
                out.put(entry.key(), w);
            }
        }
        return out;
    }

    private Window window(YamlNode.Entry entry) {
        String what = "window " + entry.key();
        int before = problems.size();
        YamlNode.Mapping m = problems.mapping(entry.value(), what, KEYS);
        if (m == null) {
            return null;
        }
        Map<String, YamlNode.Entry> e = m.entries();
        for (String key : List.of("zone", "every", "duration")) {
            if (!e.containsKey(key)) {
                problems.add(m.where(), what + " needs '" + key + "'" + switch (key) {
                    case "zone" -> ": an IANA time zone like Europe/Berlin";
                    case "every" -> ": a cron-like recurrence like \"0 1 * * SUN\" (minute hour day month weekday) "
                            + "or an RRULE like \"FREQ=MONTHLY;BYDAY=1SU;BYHOUR=1\" with 'start'";
                    default -> ": how long each opening lasts, like 3h";
                });
            }
        }
        ZoneId zone = e.containsKey("zone") ? zone(e.get("zone").value(), what) : null;
        LocalDateTime start = e.containsKey("start") ? start(e.get("start").value(), what) : null;
        Recurrence every = e.containsKey("every") && (start != null || !e.containsKey("start"))
                ? recurrence(e.get("every").value(), what, start, zone == null ? java.time.ZoneOffset.UTC : zone) : null;
        Duration duration = e.containsKey("duration")
                ? positive(e.get("duration").value(), what + " duration") : null;
        Duration latest = e.containsKey("latest_start")
                ? problems.read(() -> YamlValues.duration(e.get("latest_start").value(), what + " latest_start"))
                : null;
        Set<LocalDate> except = e.containsKey("except") ? dates(e.get("except").value(), what) : Set.of();
        if (problems.size() > before || zone == null || every == null || duration == null) {
            return null;
        }
        return new Window(entry.key(), zone, every, duration, except, latest, m.where().line());
    }

    private ZoneId zone(YamlNode node, String what) {
        String text = problems.read(() -> YamlValues.string(node, what + " zone"));
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException ex) {
            problems.add(node.where(), what + " zone must be an IANA time zone like Europe/Berlin or "
                    + "America/New_York, found " + node.describe());
            return null;
        }
    }

    /** {@code start: 2026-01-04 01:00}: wall clock in the window's zone, to the minute. */
    private LocalDateTime start(YamlNode node, String what) {
        String text = node instanceof YamlNode.Scalar s && s.value() != null ? s.value().toString().trim() : "";
        try {
            LocalDateTime t = LocalDateTime.parse(text.replace(' ', 'T'));
            if (t.getSecond() == 0 && t.getNano() == 0) {
                return t;
            }
        } catch (DateTimeException ex) {
            // reported below
        }
        problems.add(node.where(), what + " start must be a local date and time in the window's zone, to the minute, "
                + "like 2026-01-04 01:00, found " + node.describe());
        return null;
    }

    private Recurrence recurrence(YamlNode node, String what, LocalDateTime start, ZoneId zone) {
        String text = problems.read(() -> YamlValues.string(node, what + " every"));
        if (text == null) {
            return null;
        }
        try {
            return Recurrence.parse(text, start, zone);
        } catch (Recurrence.BadRecurrence ex) {
            int column = node.where().textColumn() > 0 ? node.where().textColumn() + ex.column() - 1 : node.where().column();
            problems.add(new InputException(node.where().source(), node.where().line(), column,
                    what + " every " + node.describe() + ": " + ex.getMessage()));
            return null;
        }
    }

    private Duration positive(YamlNode node, String what) {
        Duration d = problems.read(() -> YamlValues.duration(node, what));
        if (d != null && d.isZero()) {
            problems.add(node.where(), what + " must be longer than zero, found " + node.describe());
            return null;
        }
        return d;
    }

    private Set<LocalDate> dates(YamlNode node, String what) {
        Set<LocalDate> out = new LinkedHashSet<>();
        List<YamlNode> items = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
        for (YamlNode item : items) {
            String text = item instanceof YamlNode.Scalar s && s.value() != null ? s.value().toString() : null;
            try {
                out.add(LocalDate.parse(text == null ? "" : text));
            } catch (DateTimeException ex) {
                problems.add(item.where(), what + " except must list dates like 2026-12-24, found " + item.describe());
            }
        }
        return out;
    }
}
