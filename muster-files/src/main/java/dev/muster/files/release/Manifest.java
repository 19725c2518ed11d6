package dev.muster.files.release;

import dev.muster.core.step.Shell;
import dev.muster.files.Entry;
import dev.muster.files.LocalTree;
import dev.muster.files.SyncStep;
import java.util.HashMap;
import java.util.Map;

/**
 * A release's record of its files, kept in {@code releases/ID/.muster-manifest}: for each file,
 * its SHA-256 and its size and time on the host right after muster wrote it. The next release is
 * seeded with a copy ({@code cp -a} keeps times), and a file whose size and time still match is
 * known without hashing it on the host. A release that ran {@code build} or {@code migrate} marks
 * its manifest "built" and is not trusted: those commands may rewrite files.
 *
 * <pre>
 * muster-manifest 1 plain
 * SHA256 SIZE MTIME PATH
 * </pre>
 */
final class Manifest {
    private static final String HEADER = "muster-manifest 1 ";

    private Manifest() {
    }

    /** Lists the partial directory's files as "SIZE MTIME PATH" (find's %T@, cut to seconds). */
    static String listCommand(String dir) {
        return "cd -- " + Shell.quote(dir) + " && find . -type f ! -name " + HostReleases.MARKER
                + " ! -name " + HostReleases.MANIFEST + " -printf '%s %T@ %P\\n'";
    }

    /** The manifest of {@code tree} as the host holds it ({@code listed}: output of {@link #listCommand}). */
    static String of(LocalTree tree, String listed, boolean built) {
        Map<String, long[]> onHost = new HashMap<>();
        for (String line : listed.split("\n")) {
            String[] f = line.split(" ", 3);
            if (f.length == 3) {
                try {
                    onHost.put(f[2], new long[]{Long.parseLong(f[0]), seconds(f[1])});
                } catch (NumberFormatException ignored) {
                    // not a line find wrote
                }
            }
        }
        StringBuilder out = new StringBuilder(HEADER).append(built ? "built" : "plain").append('\n');
        for (Entry e : tree.entries()) {
            long[] h = onHost.get(e.path());
            if (e.type() == Entry.Type.FILE && h != null && h[0] == e.size()) {
                out.append(e.content().sha256()).append(' ').append(h[0]).append(' ').append(h[1]).append(' ')
                        .append(e.path()).append('\n');
            }
        }
        return out.toString();
    }

    /** The trusted entries of a manifest's text; nothing when it is absent, unknown or "built". */
    static Map<String, SyncStep.Known> parse(String text) {
        Map<String, SyncStep.Known> out = new HashMap<>();
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER + "plain")) {
            return out;
        }
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ", 4);
            if (f.length == 4 && f[0].length() == 64) {
                try {
                    out.put(f[3], new SyncStep.Known(Long.parseLong(f[1]), Long.parseLong(f[2]), f[0]));
                } catch (NumberFormatException ignored) {
                    // a damaged line is not trusted
                }
            }
        }
        return out;
    }

    private static long seconds(String findTime) {
        int dot = findTime.indexOf('.');
        return Long.parseLong(dot < 0 ? findTime : findTime.substring(0, dot));
    }
}
