package dev.muster.probe.metrics;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The single shell command that reads every section in one round trip, each behind a marker
 * line, and the reader that splits its output back into sections and parses them.
 */
public final class SampleScript {
    static final String MARKER = "@@muster-section ";
    private final List<Section> sections;

    public SampleScript(List<Section> sections) {
        this.sections = List.copyOf(sections);
    }

    public static SampleScript all() {
        return new SampleScript(List.of(Section.values()));
    }

    /** POSIX sh; LC_ALL=C keeps df's header and number formats the ones the parser knows. */
    public String command() {
        StringBuilder sb = new StringBuilder("export LC_ALL=C; ");
        for (Section s : sections) {
            sb.append("echo '").append(MARKER).append(s.key()).append("'; ").append(s.command()).append("; ");
        }
        return sb.append("exit 0").toString();
    }

    /** Parses the command's output; never throws, whatever came back. */
    public Snapshot parse(String output, long takenAtNanos) {
        Map<Section, StringBuilder> texts = new EnumMap<>(Section.class);
        StringBuilder current = null;
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(MARKER)) {
                Section s = byKey(line.substring(MARKER.length()).trim());
                current = s == null ? null : texts.computeIfAbsent(s, k -> new StringBuilder());
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        SnapshotDraft draft = new SnapshotDraft();
        for (Section s : sections) {
            StringBuilder text = texts.get(s);
            if (text == null || text.toString().isBlank()) {
                draft.problem(s, "missing from the host's output");
            } else {
                s.parse(text.toString(), draft);
            }
        }
        return draft.build(takenAtNanos);
    }

    private static Section byKey(String key) {
        for (Section s : Section.values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }
}
