package dev.muster.core.local;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands on this machine with {@code /bin/sh -c}: for `localhost` targets and tests.
 *
 * <p>The shell leads a session of its own (setsid, where there is one), so a timeout or a
 * cancel ends every process the command started. The command is over when its output closes; a
 * background process holding the output past {@link ExecRequest#OUTPUT_CLOSE_GRACE} after the
 * shell exited fails the host ({@link FailureKind#OUTPUT_NOT_CLOSED}); the JDK closes a finished
 * process's pipes unless a read of them is in progress, so what such a process writes later may
 * also be cut off without that failure. The pipes are read on
 * platform threads: a pipe read pins a virtual thread's carrier while it blocks, and reads that
 * never end can leave the JVM with no carrier for any virtual thread (issue 22).
 */
public final class LocalTransport implements Transport {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    @Override
    public Connection connect(Host host) {
        return new LocalConnection(host);
    }

    @Override
    public void close() {
    }

    private record LocalConnection(Host host) implements Connection {

        @Override
        public ExecResult exec(ExecRequest request) throws StepFailure, InterruptedException {
            long deadline = request.timeout() == null ? Long.MAX_VALUE
                    : System.nanoTime() + request.timeout().toNanos();
            Process process;
            try {
                process = new ProcessBuilder(shell(request.command())).start();
            } catch (IOException e) {
                throw new StepFailure(FailureKind.CHANNEL_FAILED, "cannot start /bin/sh: " + e.getMessage(), e);
            }
            boolean over = false;
            Pump out = new Pump(process.getInputStream(), OutputSink.Stream.STDOUT, request);
            Pump err = new Pump(process.getErrorStream(), OutputSink.Stream.STDERR, request);
            try {
                Thread to = Thread.ofPlatform().daemon().name("muster-local-stdout").start(out);
                Thread te = Thread.ofPlatform().daemon().name("muster-local-stderr").start(err);
                Thread.ofPlatform().daemon().name("muster-local-stdin").start(() -> feed(process, request));
                if (!process.waitFor(left(deadline), TimeUnit.NANOSECONDS)) {
                    throw new StepFailure(FailureKind.TIMEOUT, "command timed out");
                }
                int code = process.exitValue();
                String signal = code > 128 && code < 160 ? signalName(code - 128) : null;
                try {
                    awaitOutputClosed(to, te, out, err, deadline, signal != null ? "was killed by SIG" + signal
                            : "exited with " + code);
                } catch (StepFailure f) {
                    // as over ssh, what the command left running in the background keeps running
                    over = f.kind() == FailureKind.OUTPUT_NOT_CLOSED;
                    throw f;
                }
                over = true;
                return new ExecResult(signal == null ? code : null, signal, out.kept(), err.kept(),
                        out.truncated || err.truncated);
            } finally {
                if (!over) {
                    killGroup(process);
                }
                out.detach();
                err.detach();
            }
        }

        /** Waits for both pumps to reach end of output, which stops arriving for at most the grace. */
        private static void awaitOutputClosed(Thread to, Thread te, Pump out, Pump err, long deadline, String ending)
                throws StepFailure, InterruptedException {
            long grace = ExecRequest.OUTPUT_CLOSE_GRACE.toNanos();
            long exited = System.nanoTime();
            while (to.isAlive() || te.isAlive()) {
                long quietSince = Math.max(exited, Math.max(out.lastRead, err.lastRead));
                long wait = Math.min(quietSince + grace, deadline) - System.nanoTime();
                if (wait <= 0) {
                    if (deadline - System.nanoTime() <= 0) {
                        throw new StepFailure(FailureKind.TIMEOUT, "command timed out");
                    }
                    throw StepFailure.outputNotClosed(ending);
                }
                Thread pending = to.isAlive() ? to : te;
                pending.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
            }
        }

        private static long left(long deadline) {
            return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - System.nanoTime());
        }

        private static List<String> shell(String command) {
            List<String> line = new ArrayList<>();
            if (Files.isExecutable(SETSID)) {
                line.add(SETSID.toString()); // the JDK's child never leads a group: setsid execs in place
            }
            line.addAll(List.of("/bin/sh", "-c", command));
            return line;
        }

        /** Ends the shell and every process of its group (children it no longer waits for too). */
        private static void killGroup(Process shell) {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
            if (Files.isExecutable(SETSID)) {
                try {
                    new ProcessBuilder("/bin/sh", "-c", "kill -KILL -" + shell.pid() + " 2>/dev/null").start();
                } catch (IOException e) {
                    // the descendants went above; nothing more can be done here
                }
            }
        }

        private static void feed(Process process, ExecRequest request) {
            try (OutputStream in = process.getOutputStream(); InputStream from = request.openStdin()) {
                from.transferTo(in);
            } catch (IOException ignored) {
                // the command closed its stdin early; its exit status tells the rest
            }
        }

        @Override
        public dev.muster.core.exec.FileTransfer files() {
            return new LocalFiles();
        }

        @Override
        public void close() {
        }
    }

    /** Shell convention: 128+n means killed by signal n (only the common ones are named). */
    static String signalName(int n) {
        return switch (n) {
            case 1 -> "HUP";
            case 2 -> "INT";
            case 3 -> "QUIT";
            case 6 -> "ABRT";
            case 9 -> "KILL";
            case 11 -> "SEGV";
            case 13 -> "PIPE";
            case 15 -> "TERM";
            default -> null;
        };
    }

    /** Copies one output pipe; after {@link #detach()} it drops what it reads. */
    private static final class Pump implements Runnable {
        private final InputStream in;
        private final OutputSink.Stream stream;
        private final ExecRequest request;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private volatile boolean truncated;
        private volatile boolean detached;
        private volatile long lastRead = Long.MIN_VALUE;

        Pump(InputStream in, OutputSink.Stream stream, ExecRequest request) {
            this.in = in;
            this.stream = stream;
            this.request = request;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0 && !detached; ) {
                    lastRead = System.nanoTime();
                    synchronized (this) {
                        int keep = Math.min(n, request.maxCapture() - kept.size());
                        if (keep > 0) {
                            kept.write(buf, 0, keep);
                        }
                        truncated |= keep < n;
                    }
                    if (request.sink() != null) {
                        request.sink().write(stream, buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process went away; what was read is kept
            }
        }

        synchronized byte[] kept() {
            return kept.toByteArray();
        }

        void detach() {
            detached = true;
        }
    }
}
