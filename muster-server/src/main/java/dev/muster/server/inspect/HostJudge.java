package dev.muster.server.inspect;

import dev.muster.probe.metrics.Filesystem;
import dev.muster.probe.metrics.HostMetrics;
import dev.muster.probe.metrics.Rates;
import dev.muster.probe.metrics.SampleScript;
import dev.muster.probe.metrics.Snapshot;
import java.util.Map;

/**
 * Turns one host's script output into a result per on-host check, and the log cursors to keep.
 * Parsing never throws: output it cannot read is a warn naming what was missing.
 */
final class HostJudge {
    private final Map<String, String> sections;
    private final HostMetrics metrics;
    private final Map<String, LogCursor> cursorsOut;

    /** @param cursorsOut receives the new cursor of every log read */
    HostJudge(String host, String output, Map<String, LogCursor> cursorsOut) {
        this.sections = HostScript.sections(output);
        this.metrics = metrics(host, sections);
        this.cursorsOut = cursorsOut;
    }

    private static HostMetrics metrics(String host, Map<String, String> sections) {
        String first = sections.get(HostScript.METRICS);
        if (first == null) {
            return null;
        }
        SampleScript script = SampleScript.all();
        Snapshot a = script.parse(first, 0);
        String second = sections.get(HostScript.METRICS_AGAIN);
        return second == null ? Rates.between(host, null, a) : Rates.between(host, a, script.parse(second, 1_000_000_000L));
    }

    CheckResult judge(int index, InspectionCheck check) {
        String text = sections.get("c" + index);
        return switch (check) {
            case InspectionCheck.Metric m when m.metric().perMount() -> df(m, text);
            case InspectionCheck.Metric m -> metric(m);
            case InspectionCheck.Service s -> service(s, HostScript.words(text));
            case InspectionCheck.Log l -> log(l, HostScript.words(text));
            case InspectionCheck.Health h -> throw new IllegalArgumentException("not an on-host check: " + h.name());
        };
    }

    private CheckResult metric(InspectionCheck.Metric m) {
        Double value = metrics == null ? null : switch (m.metric()) {
            case CPU_PERCENT -> metrics.cpuPercent();
            case MEMORY_USED_PERCENT -> metrics.memPercent();
            case SWAP_USED_PERCENT -> metrics.swapPercent();
            case LOAD1 -> metrics.load1();
            case LOAD_PER_CORE -> metrics.load1() == null || metrics.cpus() == null ? null
                    : metrics.load1() / metrics.cpus();
            default -> null;
        };
        return threshold(m.name(), value, m.limits(), m.metric().key());
    }

    /** {@code df -P} / {@code df -Pi} last line: source, size, used, available, use%, mount. */
    private CheckResult df(InspectionCheck.Metric m, String text) {
        String[] f = text == null ? new String[0] : text.strip().split("\\s+");
        Double value = null;
        if (f.length >= 6 && f[2].matches("\\d+") && f[3].matches("\\d+")) {
            long used = Long.parseLong(f[2]);
            long available = Long.parseLong(f[3]);
            value = new Filesystem(f[0], f[f.length - 1], 0, used, available).usedPercent();
        }
        return threshold(m.name(), value, m.limits(), m.metric().key() + " of " + m.mount());
    }

    private static CheckResult threshold(String name, Double value, Limits limits, String what) {
        if (value == null) {
            return new CheckResult(name, CheckStatus.WARN, null, "could not read " + what + " on this host");
        }
        CheckStatus status = limits.judge(value);
        return new CheckResult(name, status, Numbers.text(value), limits.crossed(status));
    }

    private static CheckResult service(InspectionCheck.Service s, Map<String, String> words) {
        String state = words.get("state");
        if (state == null) {
            return new CheckResult(s.name(), CheckStatus.WARN, null, "no answer about " + s.service());
        }
        if (state.equals("no-systemd")) {
            return new CheckResult(s.name(), CheckStatus.WARN, null,
                    "systemd is not running on this host: cannot tell whether " + s.service() + " is active");
        }
        if (state.equals("active")) {
            return new CheckResult(s.name(), CheckStatus.PASS, state, "");
        }
        return new CheckResult(s.name(), CheckStatus.FAIL, state.isEmpty() ? "unknown" : state,
                s.service() + " is " + (state.isEmpty() ? "unknown" : state));
    }

    private CheckResult log(InspectionCheck.Log l, Map<String, String> words) {
        if ("missing".equals(words.get("state"))) {
            return new CheckResult(l.name(), CheckStatus.WARN, null, "cannot read " + l.path() + " on this host");
        }
        String count = words.get("count");
        if (!"ok".equals(words.get("state")) || count == null || !count.matches("\\d+")
                || !words.getOrDefault("size", "").matches("\\d+")) {
            return new CheckResult(l.name(), CheckStatus.WARN, null, "no answer about " + l.path());
        }
        cursorsOut.put(l.path(), new LogCursor(l.path(), words.get("ino"), Long.parseLong(words.get("size"))));
        long n = Long.parseLong(count);
        CheckStatus status = l.limits().judge(n);
        String note = words.containsKey("rotated") ? " (the log was rotated)"
                : words.containsKey("truncated") ? " (the log was truncated)" : "";
        String message = n == 0 ? "no new lines match" : n == 1 ? "1 new line matches " + l.pattern()
                : n + " new lines match " + l.pattern();
        return new CheckResult(l.name(), status, Long.toString(n), message + note);
    }
}
