package dev.muster.probe.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Captured and hand-written /proc and df outputs under src/test/resources/metrics/KERNEL/. */
final class Fixtures {
    static final String[] KERNELS = {"linux-6.18-here", "linux-4.19", "linux-3.10", "linux-2.6.9"};

    private Fixtures() {
    }

    static String read(String kernel, String file) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/metrics/" + kernel + "/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + kernel + "/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the sample command would print on that kernel: the /proc files as {@code tail -n +1}
     * prints several files (a blank line, then {@code ==> FILE <==}), then df behind its marker.
     */
    static String output(String kernel) {
        StringBuilder sb = new StringBuilder();
        for (Section s : Section.values()) {
            if (s.file() != null) {
                sb.append(sb.isEmpty() ? "" : "\n").append("==> ").append(s.file()).append(" <==\n")
                        .append(read(kernel, s.key()));
            }
        }
        sb.append(SampleScript.MARKER).append("df\n").append(read(kernel, "df"));
        return sb.toString();
    }

    static Snapshot snapshot(String kernel) {
        return SampleScript.all().parse(output(kernel), 0);
    }
}
