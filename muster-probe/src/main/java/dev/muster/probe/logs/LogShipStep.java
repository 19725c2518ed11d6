package dev.muster.probe.logs;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.core.step.Shell;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads log files on one host from where shipping stopped (per file: inode and byte offset), across
 * rotations, and hands each complete line with its position to a {@link ShipListener}; with
 * {@code follow} it keeps polling until stopped. Runs ship.sh on the host: sh, stat, dd, find.
 */
public final class LogShipStep implements Step {
    private static final int KEEP = 64 * 1024;

    private final List<String> files;
    private final BiFunction<String, String, FilePosition> positions;
    private final boolean follow;
    private final Duration poll;
    private final ShipListener listener;

    /**
     * @param files     the log files, as named on every host
     * @param positions where each (host, file) stands, {@link FilePosition#END} when never shipped
     * @param follow    keep reading new lines until stopped
     * @param poll      how often a follow looks for new bytes
     */
    public LogShipStep(List<String> files, BiFunction<String, String, FilePosition> positions, boolean follow,
                       Duration poll, ShipListener listener) {
        this.files = List.copyOf(files);
        for (String f : this.files) {
            if (f.isEmpty() || f.indexOf('\0') >= 0 || f.indexOf('\n') >= 0) {
                throw dev.muster.core.InputException.option("command line", "not a file name: '" + f + "'");
            }
        }
        this.positions = positions;
        this.follow = follow;
        this.poll = poll;
        this.listener = listener;
    }

    /** The command line for {@code host}, every value quoted; the script goes to its standard input. */
    String command(String host) {
        List<String> words = new ArrayList<>(List.of("sh", "-s", "--", follow ? "1" : "0",
                String.format(java.util.Locale.ROOT, "%.3f", poll.toMillis() / 1000.0)));
        for (String f : files) {
            FilePosition p = positions.apply(host, f);
            words.add(Shell.quote(f));
            words.add(p.inode().isEmpty() ? "''" : p.inode());
            words.add(Long.toString(p.offset()));
        }
        return String.join(" ", words);
    }

    @Override
    public StepResult run(StepContext context) throws StepFailure, InterruptedException {
        String host = context.host().name();
        ShipStream stream = new ShipStream(host, files, listener);
        ExecResult result = context.connection().exec(new ExecRequest(command(host),
                Scripts.SHIP.getBytes(StandardCharsets.UTF_8), context.remaining(), stream, KEEP));
        StepResult exec = StepResult.of(new ExecResult(result.exitCode(), result.signal(), null, null, false),
                Status.OK);
        if (exec.status() == Status.FAILED && !stream.errors().isEmpty()) {
            return new StepResult(Status.FAILED, FailureKind.COMMAND_FAILED, exec.exitCode(), null, "", "",
                    stream.errors());
        }
        return exec;
    }

    @Override
    public String describe() {
        return (follow ? "ship, following " : "ship ") + String.join(" ", files);
    }
}
