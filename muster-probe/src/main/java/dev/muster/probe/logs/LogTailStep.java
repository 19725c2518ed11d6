package dev.muster.probe.logs;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.LineSplitter;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads (and optionally follows) log files on one host, handing each line to a {@link LogListener}
 * as it arrives. Lines are not kept in the outcome: a follow can run for days. A file that is
 * missing or unreadable fails the host once the step ends; the other files are still read.
 */
public final class LogTailStep implements Step {
    private static final int KEEP = 64 * 1024;

    private final LogQuery query;
    private final LogListener listener;

    public LogTailStep(LogQuery query, LogListener listener) {
        this.query = query;
        this.listener = listener;
    }

    @Override
    public StepResult run(StepContext context) throws StepFailure, InterruptedException {
        String host = context.host().name();
        HostOutput output = new HostOutput(host, query.files(), listener);
        ExecRequest request = new ExecRequest(query.remoteCommand(), query.remoteScript(), context.remaining(),
                output, KEEP);
        ExecResult result;
        try {
            result = context.connection().exec(request);
        } finally {
            output.finish();
        }
        List<String> problems = output.problems();
        StepResult exec = StepResult.of(new ExecResult(result.exitCode(), result.signal(), null, null, false),
                Status.OK);
        if (!problems.isEmpty() && exec.status() != Status.FAILED) {
            return new StepResult(Status.FAILED, FailureKind.COMMAND_FAILED, exec.exitCode(), null, "", "",
                    String.join("; ", problems));
        }
        return exec;
    }

    @Override
    public String describe() {
        return query.describe();
    }

    /** Splits one host's streams: "INDEX TEXT" lines on stdout, notices and markers on stderr. */
    static final class HostOutput implements OutputSink {
        private final String host;
        private final List<String> files;
        private final LogListener listener;
        private final LineSplitter out;
        private final LineSplitter err;
        private final List<String> problems = new ArrayList<>();

        HostOutput(String host, List<String> files, LogListener listener) {
            this.host = host;
            this.files = files;
            this.listener = listener;
            this.out = new LineSplitter(this::stdoutLine);
            this.err = new LineSplitter(this::stderrLine);
        }

        @Override
        public synchronized void write(Stream stream, byte[] data, int offset, int length) {
            (stream == Stream.STDOUT ? out : err).write(data, offset, length);
        }

        synchronized void finish() {
            out.finish();
            err.finish();
        }

        synchronized List<String> problems() {
            return List.copyOf(problems);
        }

        private void stdoutLine(String line) {
            int space = line.indexOf(' ');
            String file = "?";
            String text = line;
            if (space > 0) {
                try {
                    file = files.get(Integer.parseInt(line.substring(0, space)));
                    text = line.substring(space + 1);
                } catch (NumberFormatException | IndexOutOfBoundsException notOurs) {
                    // shown whole, under "?"
                }
            }
            listener.line(new LogLine(host, file, text));
        }

        private void stderrLine(String line) {
            if (line.isEmpty()) {
                return; // the watchdog's heartbeat
            }
            String problem = null;
            if (line.startsWith("muster-logs:missing:")) {
                problem = "no such file: " + file(line);
            } else if (line.startsWith("muster-logs:unreadable:")) {
                problem = "cannot read (a directory, or no permission): " + file(line);
            } else if (line.equals("muster-logs:no-pid")) {
                listener.notice(host, "this host's tail lacks --pid (not GNU coreutils): its tail processes "
                        + "end only when they next write after muster stops");
                return;
            }
            if (problem != null) {
                problems.add(problem);
                listener.problem(host, problem);
            } else {
                listener.notice(host, line);
            }
        }

        private String file(String marker) {
            try {
                return files.get(Integer.parseInt(marker.substring(marker.lastIndexOf(':') + 1)));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                return marker;
            }
        }
    }
}
