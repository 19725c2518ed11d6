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
import java.util.concurrent.TimeUnit;

/** Runs commands on this machine with {@code /bin/sh -c}: for `localhost` targets and tests. */
public final class LocalTransport implements Transport {

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
            Process process;
            try {
                process = new ProcessBuilder("/bin/sh", "-c", request.command()).start();
            } catch (IOException e) {
                throw new StepFailure(FailureKind.CHANNEL_FAILED, "cannot start /bin/sh: " + e.getMessage(), e);
            }
            try {
                Pump out = new Pump(process.getInputStream(), OutputSink.Stream.STDOUT, request);
                Pump err = new Pump(process.getErrorStream(), OutputSink.Stream.STDERR, request);
                Thread to = Thread.ofVirtual().start(out);
                Thread te = Thread.ofVirtual().start(err);
                feed(process, request);
                boolean done = request.timeout() == null ? waitFor(process)
                        : process.waitFor(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
                if (!done) {
                    process.destroyForcibly();
                    throw new StepFailure(FailureKind.TIMEOUT, "command timed out");
                }
                to.join();
                te.join();
                int code = process.exitValue();
                String signal = code > 128 && code < 160 ? signalName(code - 128) : null;
                return new ExecResult(signal == null ? code : null, signal, out.kept(), err.kept(),
                        out.truncated || err.truncated);
            } finally {
                if (process.isAlive()) {
                    process.destroyForcibly();
                }
            }
        }

        private static boolean waitFor(Process p) throws InterruptedException {
            p.waitFor();
            return true;
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

    private static final class Pump implements Runnable {
        private final InputStream in;
        private final OutputSink.Stream stream;
        private final ExecRequest request;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private volatile boolean truncated;

        Pump(InputStream in, OutputSink.Stream stream, ExecRequest request) {
            this.in = in;
            this.stream = stream;
            this.request = request;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    int keep = Math.min(n, request.maxCapture() - kept.size());
                    if (keep > 0) {
                        kept.write(buf, 0, keep);
                    }
                    truncated |= keep < n;
                    if (request.sink() != null) {
                        request.sink().write(stream, buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process went away; what was read is kept
            }
        }

        byte[] kept() {
            return kept.toByteArray();
        }
    }
}
