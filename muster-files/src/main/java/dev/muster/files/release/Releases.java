package dev.muster.files.release;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Releases already on the hosts: list them ({@code muster releases}), switch {@code current} back
 * or to a named release ({@code muster rollback}), and undo a plan's release step.
 */
public final class Releases {
    /** The {@code to} of {@link #switchStep} meaning "the release the current one replaced". */
    public static final String PREVIOUS = "previous";

    private Releases() {
    }

    /**
     * What {@link #listStep} prints for a host.
     *
     * @param current  the release {@code current} points at, or null
     * @param previous the release it replaced, or null
     * @param releases complete releases on the host, oldest first
     */
    public record Listing(String current, String previous, List<String> releases) {
        public Listing {
            releases = List.copyOf(releases);
        }

        /** The stable text {@link #listStep} reports: hosts with identical releases fold together. */
        public String text() {
            return "current: " + dash(current) + "\nprevious: " + dash(previous) + "\nreleases: "
                    + (releases.isEmpty() ? "-" : String.join(" ", releases)) + "\n";
        }

        private static String dash(String v) {
            return v == null ? "-" : v;
        }
    }

    /** A step whose stdout is the host's {@link Listing#text()} (all "-" where the base does not exist); always OK. */
    public static Step listStep(String base) {
        String b = checkBase(base);
        return new OnBase("releases " + b, b, (c, state) -> {
            Listing listing = new Listing(state.current(), state.previous(), state.completeOrdered());
            return new StepResult(Status.OK, null, 0, null, listing.text(), "", "current " + listing.current);
        });
    }

    /** Parses {@link Listing#text()} (one host's stdout of {@link #listStep}). */
    public static Listing parse(String stdout) {
        String current = null;
        String previous = null;
        List<String> releases = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon < 0) {
                continue;
            }
            String value = line.substring(colon + 2).strip();
            switch (line.substring(0, colon)) {
                case "current" -> current = value.equals("-") ? null : value;
                case "previous" -> previous = value.equals("-") ? null : value;
                case "releases" -> {
                    if (!value.equals("-")) {
                        releases.addAll(List.of(value.split(" +")));
                    }
                }
                default -> {
                }
            }
        }
        return new Listing(current, previous, releases);
    }

    /** {@link #switchStep(String, String, String, String, boolean)} as this machine's user, outside any run. */
    public static Step switchStep(String base, String to) {
        return switchStep(base, to, System.getProperty("user.name"), null, false);
    }

    /**
     * A step that switches {@code <base>/current} atomically to {@code to} and appends a rollback
     * line to revisions.log: CHANGED when it switched (or in check mode, would), OK when current is
     * already there, FAILED when the release is unknown or incomplete on the host, or, for
     * {@link #PREVIOUS}, when the log names none.
     *
     * @param to     {@link #PREVIOUS} or a release id
     * @param user   recorded in revisions.log
     * @param runId  recorded in revisions.log, or null
     * @param check  report what would happen, change nothing
     */
    public static Step switchStep(String base, String to, String user, String runId, boolean check) {
        String b = checkBase(base);
        if (!to.equals(PREVIOUS) && !ReleaseSpec.safeId(to)) {
            throw dev.muster.core.InputException.in("release", "'" + to
                    + "' is neither 'previous' nor a release id");
        }
        return new OnBase("rollback " + b + " to " + to, b, (c, state) -> {
            String target = to.equals(PREVIOUS) ? state.previous() : to;
            if (target == null) {
                return failure("no previous release in " + b + "/revisions.log for current "
                        + (state.current() == null ? "(none)" : state.current()));
            }
            return switchTo(c, b, state, target, user, runId, check);
        });
    }

    /**
     * Undoes one run's release on a host: switches current back to what it pointed at before that
     * run switched it to {@code id} (found in revisions.log by run id, or the last release of
     * {@code id} when {@code runId} is empty). OK where the run did not switch or it is already
     * undone; FAILED when current has moved on since, or the release was the host's first.
     */
    public static Step undoStep(String base, String id, String user, String runId) {
        String b = checkBase(base);
        String run = runId == null || runId.isEmpty() ? null : runId;
        return new OnBase("undo release " + id + " in " + b, b, (c, state) -> {
            Revision released = null;
            for (Revision r : state.revisions()) {
                if (!r.rollback() && r.id().equals(id) && (run == null || run.equals(r.runId()))) {
                    released = r;
                }
            }
            if (released == null) {
                return StepResult.ok("release " + id + " was not switched to by this run; nothing to undo");
            }
            if (released.previous() == null) {
                return failure("release " + id + " was the first on this host; there is nothing to switch back to");
            }
            if (released.previous().equals(state.current())) {
                return StepResult.ok("already back at " + released.previous());
            }
            if (!id.equals(state.current())) {
                return failure("current is " + state.current() + ", not " + id + ", since this run; left alone");
            }
            return switchTo(c, b, state, released.previous(), user, run, false);
        });
    }

    private static StepResult switchTo(Connection c, String base, HostReleases state, String target, String user,
                                       String runId, boolean check) throws StepFailure, InterruptedException {
        if (!state.complete().contains(target)) {
            return failure("release " + target + " is not a complete release in " + base + "/releases");
        }
        if (target.equals(state.current())) {
            return StepResult.ok("current is already " + target);
        }
        String what = "current " + (state.current() == null ? "(none)" : state.current()) + " → " + target;
        if (check) {
            return StepResult.changed("would switch " + what);
        }
        String sha = null;
        for (Revision r : state.revisions()) {
            if (r.id().equals(target)) {
                sha = r.sha256();
            }
        }
        Revision revision = Revision.now(user, target, state.current(), sha, runId, true);
        return CurrentLink.switchTo(c, base, revision, "switched " + what);
    }

    /** What a step does on a host, given what the host holds under the base. */
    @FunctionalInterface
    private interface OnHost {
        StepResult run(Connection c, HostReleases state) throws StepFailure, InterruptedException;
    }

    /** A step that reads the base on each host, then acts on what it found. */
    private record OnBase(String description, String base, OnHost action) implements Step {
        @Override
        public StepResult run(StepContext ctx) throws StepFailure, InterruptedException {
            Connection c = ctx.connection();
            return action.run(c, CurrentLink.read(c, base));
        }

        @Override
        public String describe() {
            return description;
        }
    }

    private static StepResult failure(String message) {
        return new StepResult(Status.FAILED, FailureKind.COMMAND_FAILED, null, null, "", "", message);
    }

    private static String checkBase(String base) {
        String b = ReleaseSpec.normalBase(base);
        if (b == null) {
            throw dev.muster.core.InputException.in("release", "the release base must be an absolute directory"
                    + " on the hosts other than /, got '" + base + "'");
        }
        return b;
    }
}
