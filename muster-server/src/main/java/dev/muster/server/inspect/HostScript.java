package dev.muster.server.inspect;

import dev.muster.core.step.Shell;
import dev.muster.probe.metrics.SampleScript;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one shell script that answers every on-host check of an inspection in one round trip
 * (POSIX sh, no tools beyond ls, wc, tail, head, grep, df), and the splitting of its output back
 * into sections. Each check's section is headed by a marker line; metrics, when a check needs
 * them, are the probe module's sample script (twice, a second apart, when CPU is checked).
 */
final class HostScript {
    static final String MARKER = "@@muster-inspect ";
    static final String METRICS = "metrics";
    static final String METRICS_AGAIN = "metrics2";
    private static final String INODE = "inode() { set -- $(ls -di \"$1\" 2>/dev/null); echo \"$1\"; }; ";

    private HostScript() {
    }

    /** True when some check runs on the host, so the script is worth a round trip. */
    static boolean needed(Inspection inspection) {
        return inspection.checks().stream().anyMatch(InspectionCheck::onHost);
    }

    /** @param cursors this host's log cursors by path (absent: the log is read from its start) */
    static String build(Inspection inspection, Map<String, LogCursor> cursors) {
        StringBuilder sb = new StringBuilder("export LC_ALL=C; ").append(INODE);
        List<InspectionCheck> checks = inspection.checks();
        boolean metrics = checks.stream().anyMatch(c -> c instanceof InspectionCheck.Metric m && !m.metric().perMount());
        boolean cpu = checks.stream().anyMatch(c -> c instanceof InspectionCheck.Metric m
                && m.metric() == HostMetric.CPU_PERCENT);
        String sample = "( " + SampleScript.all().command() + " ); ";
        if (metrics) {
            section(sb, METRICS).append(sample);
        }
        if (cpu) {
            sb.append("sleep 1; ");
            section(sb, METRICS_AGAIN).append(sample);
        }
        for (int i = 0; i < checks.size(); i++) {
            String body = switch (checks.get(i)) {
                case InspectionCheck.Metric m when m.metric().perMount() -> df(m);
                case InspectionCheck.Service s -> service(s.service());
                case InspectionCheck.Log l -> log(l, cursors.get(l.path()));
                default -> null;
            };
            if (body != null) {
                section(sb, "c" + i).append("( ").append(body).append(" ) 2>&1; ");
            }
        }
        return sb.append("exit 0").toString();
    }

    private static StringBuilder section(StringBuilder sb, String key) {
        return sb.append("echo '").append(MARKER).append(key).append("'; ");
    }

    private static String df(InspectionCheck.Metric m) {
        String flags = m.metric() == HostMetric.INODES_USED_PERCENT ? "-Pi" : "-P";
        return "df " + flags + " " + Shell.quote(m.mount()) + " | tail -n 1";
    }

    private static String service(String name) {
        return "if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then "
                + "echo \"state=$(systemctl is-active " + Shell.quote(name) + " 2>/dev/null)\"; "
                + "else echo 'state=no-systemd'; fi";
    }

    /** Prints {@code state=ok ino=N size=N count=N} (and rotated=1 / truncated=1), or {@code state=missing}. */
    static String log(InspectionCheck.Log l, LogCursor cursor) {
        String grep = "grep -cE -e " + Shell.quote(l.pattern());
        String prev = cursor == null ? "''" : Shell.quote(cursor.inode());
        long off = cursor == null ? 0 : cursor.offset();
        return "f=" + Shell.quote(l.path()) + "; prev=" + prev + "; off=" + off + "; "
                + "if [ ! -r \"$f\" ]; then echo 'state=missing'; else "
                + "ino=$(inode \"$f\"); size=$(wc -c < \"$f\" | tr -d ' '); old=0; from=$off; "
                + "if [ \"$ino\" != \"$prev\" ]; then from=0; "
                + "if [ -n \"$prev\" ]; then echo 'rotated=1'; "
                + "for r in \"$f.1\" \"$f.0\"; do if [ -r \"$r\" ] && [ \"$(inode \"$r\")\" = \"$prev\" ]; then "
                + "old=$(tail -c +$((off + 1)) \"$r\" | " + grep + "); break; fi; done; fi; "
                + "elif [ \"$size\" -lt \"$off\" ]; then from=0; echo 'truncated=1'; fi; "
                + "new=$(tail -c +$((from + 1)) \"$f\" | head -c $((size - from)) | " + grep + "); "
                + "echo \"state=ok ino=$ino size=$size count=$((old + new))\"; fi";
    }

    /** The output split by section key; text before the first marker is dropped. */
    static Map<String, String> sections(String output) {
        Map<String, String> out = new HashMap<>();
        String key = null;
        StringBuilder text = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(MARKER)) {
                if (key != null) {
                    out.put(key, text.toString());
                }
                key = line.substring(MARKER.length()).strip();
                text = new StringBuilder();
            } else if (key != null) {
                text.append(line).append('\n');
            }
        }
        if (key != null) {
            out.put(key, text.toString());
        }
        return out;
    }

    /** {@code key=value} words of a section, e.g. {@code state=ok ino=12 size=40 count=2}. */
    static Map<String, String> words(String text) {
        Map<String, String> out = new HashMap<>();
        for (String word : text == null ? new String[0] : text.strip().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                out.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return out;
    }
}
