package dev.muster.probe.metrics;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The single shell command that reads every section in one round trip, and the reader that
 * splits its output back into sections and parses them. All /proc files are read by one
 * {@code tail -n +1} (it heads each file with {@code ==> FILE <==}), so a sample costs the host
 * three processes (tail, timeout, df), not one per file; commands sit behind marker lines.
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
        List<String> files = sections.stream().map(Section::file).filter(java.util.Objects::nonNull).toList();
        if (files.size() > 1) {
            sb.append("tail -n +1 ").append(String.join(" ", files)).append("; ");
        }
        for (Section s : sections) {
            if (s.file() == null || files.size() == 1) {
                sb.append("echo '").append(MARKER).append(s.key()).append("'; ").append(s.command()).append("; ");
            }
        }
        return sb.append("exit 0").toString();
    }

    /** Parses the command's output; never throws, whatever came back. */
    public Snapshot parse(String output, long takenAtNanos) {
        Map<Section, StringBuilder> texts = new EnumMap<>(Section.class);
        StringBuilder current = null;
        for (String line : output.split("\n", -1)) {
            Section header = line.startsWith(MARKER) ? byKey(line.substring(MARKER.length()).trim())
                    : line.startsWith("==> ") && line.endsWith(" <==") ? byFile(line.substring(4, line.length() - 4))
                    : null;
            if (header != null || line.startsWith(MARKER)) {
                current = header == null ? null : texts.computeIfAbsent(header, k -> new StringBuilder());
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

    private static Section byFile(String file) {
        for (Section s : Section.values()) {
            if (file.equals(s.file())) {
                return s;
            }
        }
        return null;
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
