package dev.muster.files;

import dev.muster.core.Redactor;
import dev.muster.core.exec.Connection;
import dev.muster.core.exec.FileTransfer;
import dev.muster.core.exec.StepFailure;
import dev.muster.files.template.TextDiff;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Unified diffs of changed text files for --diff: the host's current content (read over SFTP)
 * against the new content. Lines holding a secret are shown as {@code <secret redacted>}.
 */
final class Diffs {
    /** Files larger than this (either side) are reported as changed without a diff. */
    static final int MAX_BYTES = 1 << 20;

    private Diffs() {
    }

    static void add(Connection c, Target target, ChangeSet cs, Redactor redactor)
            throws StepFailure, InterruptedException {
        if (cs.uploads.isEmpty()) {
            return;
        }
        try (FileTransfer f = c.files()) {
            for (Entry e : cs.uploads) {
                String path = target.path(e.path());
                byte[] now = readNew(e);
                byte[] old = f.download(path, MAX_BYTES + 1);
                cs.diffs.add(diff(path, old, now, redactor));
            }
        }
    }

    static String diff(String path, byte[] old, byte[] now, Redactor redactor) {
        if (now == null || (old != null && old.length > MAX_BYTES)) {
            return "(" + path + ": larger than 1 MiB, no diff)\n";
        }
        if (TextDiff.isBinary(now) || (old != null && TextDiff.isBinary(old))) {
            return "Binary files " + (old == null ? "/dev/null" : path) + " and " + path + " differ\n";
        }
        String oldText = old == null ? "" : new String(old, StandardCharsets.UTF_8);
        String newText = new String(now, StandardCharsets.UTF_8);
        return TextDiff.redactedUnified(oldText, newText, old == null ? "/dev/null" : path, path,
                TextDiff.DEFAULT_CONTEXT, redactor);
    }

    private static byte[] readNew(Entry e) {
        if (e.content().bytes() != null) {
            return e.content().bytes();
        }
        if (e.size() > MAX_BYTES) {
            return null;
        }
        try (InputStream in = e.content().open()) {
            return in.readNBytes(MAX_BYTES + 1);
        } catch (IOException io) {
            return null;
        }
    }
}
