package dev.muster.files.release;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One line of a host's {@code <base>/revisions.log}, written each time {@code current} is switched:
 * {@code TIME USER ID PREVIOUS SHA256 RUN [rollback]}, space-separated, "-" for an empty field.
 *
 * @param time     when (ISO-8601, UTC)
 * @param user     who ran it
 * @param id       the release switched to
 * @param previous the release current pointed at before, or null
 * @param sha256   the artifact's SHA-256, or null (directory artifact, unknown)
 * @param runId    the run that switched, or null
 * @param rollback true for a switch back (rollback, undo) rather than a new release
 */
public record Revision(String time, String user, String id, String previous, String sha256, String runId,
                       boolean rollback) {

    static Revision now(String user, String id, String previous, String sha256, String runId, boolean rollback) {
        return new Revision(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), user, id, previous, sha256,
                runId, rollback);
    }

    /** The line as written to the log (no newline). */
    String line() {
        return time + " " + field(user) + " " + id + " " + field(previous) + " " + field(sha256) + " "
                + field(runId) + (rollback ? " rollback" : "");
    }

    /** Parses a line; null for one that is not a revision. */
    static Revision parse(String line) {
        String[] f = line.strip().split(" ");
        if (f.length < 6) {
            return null;
        }
        return new Revision(f[0], value(f[1]), f[2], value(f[3]), value(f[4]), value(f[5]),
                f.length > 6 && f[6].equals("rollback"));
    }

    private static String field(String v) {
        if (v == null || v.isBlank()) {
            return "-";
        }
        return v.strip().replaceAll("\\s+", "_");
    }

    private static String value(String f) {
        return f.equals("-") ? null : f;
    }
}
