package dev.muster.core.plan;

import dev.muster.core.InputException;
import dev.muster.core.inventory.YamlNode;
import dev.muster.core.inventory.YamlValues;
import dev.muster.core.window.Recurrence;
import dev.muster.core.window.Window;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code windows:}: named maintenance windows; every problem is recorded, none thrown. */
final class WindowReader {
    static final List<String> KEYS = List.of("zone", "every", "duration", "except", "latest_start");

    private WindowReader() {
    }

    static Map<String, Window> windows(YamlNode node, Problems problems) {
        Map<String, Window> out = new LinkedHashMap<>();
        YamlNode.Mapping all = problems.read(() -> YamlValues.mapping(node, "windows"));
        if (all == null) {
            return out;
        }
        for (YamlNode.Entry entry : all.entries().values()) {
            Window w = window(entry, problems);
            if (w != null) {
                out.put(entry.key(), w);
            }
        }
        return out;
    }

    private static Window window(YamlNode.Entry entry, Problems problems) {
        String what = "window " + entry.key();
        YamlNode.Mapping m = problems.read(() -> YamlValues.mapping(entry.value(), what));
        if (m == null) {
            return null;
        }
        int before = problems.size();
        problems.unknownKeys(m, what, KEYS);
        Map<String, YamlNode.Entry> e = m.entries();
        for (String key : List.of("zone", "every", "duration")) {
            if (!e.containsKey(key)) {
                problems.add(m.where(), what + " needs '" + key + "'" + switch (key) {
                    case "zone" -> ": an IANA time zone like Europe/Berlin";
                    case "every" -> ": a cron-like recurrence like \"0 1 * * SUN\" (minute hour day month weekday)";
                    default -> ": how long each opening lasts, like 3h";
                });
            }
        }
        ZoneId zone = e.containsKey("zone") ? zone(e.get("zone").value(), what, problems) : null;
        Recurrence every = e.containsKey("every") ? recurrence(e.get("every").value(), what, problems) : null;
        Duration duration = e.containsKey("duration")
                ? positive(e.get("duration").value(), what + " duration", problems) : null;
        Duration latest = e.containsKey("latest_start")
                ? problems.read(() -> YamlValues.duration(e.get("latest_start").value(), what + " latest_start")) : null;
        Set<LocalDate> except = e.containsKey("except") ? dates(e.get("except").value(), what, problems) : Set.of();
        if (problems.size() > before || zone == null || every == null || duration == null) {
            return null;
        }
        return new Window(entry.key(), zone, every, duration, except, latest, m.where().line());
    }

    private static ZoneId zone(YamlNode node, String what, Problems problems) {
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

    private static Recurrence recurrence(YamlNode node, String what, Problems problems) {
        String text = problems.read(() -> YamlValues.string(node, what + " every"));
        if (text == null) {
            return null;
        }
        try {
            return Recurrence.parse(text);
        } catch (Recurrence.BadRecurrence ex) {
            int column = node.where().textColumn() > 0 ? node.where().textColumn() + ex.column() - 1 : node.where().column();
            problems.add(new InputException(node.where().source(), node.where().line(), column,
                    what + " every " + node.describe() + ": " + ex.getMessage()));
            return null;
        }
    }

    private static Duration positive(YamlNode node, String what, Problems problems) {
        Duration d = problems.read(() -> YamlValues.duration(node, what));
        if (d != null && d.isZero()) {
            problems.add(node.where(), what + " must be longer than zero, found " + node.describe());
            return null;
        }
        return d;
    }

    private static Set<LocalDate> dates(YamlNode node, String what, Problems problems) {
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
