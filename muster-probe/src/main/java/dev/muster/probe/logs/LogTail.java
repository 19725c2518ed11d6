package dev.muster.probe.logs;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads or follows log files on many hosts at once through the {@link Executor}, passing lines on
 * as they arrive, and stops everything once {@code maxLines} lines were shown. Stopping closes each
 * host's channel; the remote side then ends its tail processes itself (see logs.sh).
 */
public final class LogTail {
    private final Executor executor;

    public LogTail(Executor executor) {
        this.executor = executor;
    }

    /** Starts reading; {@code maxLines} 0 means no limit. */
    public Session start(List<Host> hosts, LogQuery query, ExecutorOptions options, long maxLines,
                         LogListener listener) {
        return new Session(hosts, query, options, maxLines, listener);
    }

    /** A running read of logs. */
    public final class Session {
        private final LogListener listener;
        private final long maxLines;
        private final AtomicLong shown = new AtomicLong();
        private final Map<String, AtomicLong> perHost = new ConcurrentHashMap<>();
        private final Map<String, List<String>> problems = new ConcurrentHashMap<>();
        private final AtomicBoolean atLimit = new AtomicBoolean();
        private final AtomicBoolean interrupted = new AtomicBoolean();
        private final Executor.RunHandle handle;

        private Session(List<Host> hosts, LogQuery query, ExecutorOptions options, long maxLines,
                        LogListener listener) {
            this.listener = listener;
            this.maxLines = maxLines;
            hosts.forEach(h -> perHost.put(h.name(), new AtomicLong()));
            LogListener gate = new LogListener() {
                @Override
                public void line(LogLine line) {
                    gate(line);
                }

                @Override
                public void notice(String host, String text) {
                    if (!stopping()) {
                        listener.notice(host, text);
                    }
                }

                @Override
                public void problem(String host, String text) {
                    problems.computeIfAbsent(host, h -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(text);
                    if (!stopping()) {
                        listener.problem(host, text);
                    }
                }
            };
            RunListener failures = new RunListener() {
                @Override
                public void hostFinished(Outcome outcome) {
                    if (!outcome.success() && !stopping() && !outcome.message().isEmpty()
                            && outcome.kind() != FailureKind.COMMAND_FAILED) {
                        listener.notice(outcome.host(), outcome.status().key() + ": " + outcome.message());
                    }
                }
            };
            this.handle = executor.start(hosts, new LogTailStep(query, gate), options, failures);
        }

        private void gate(LogLine line) {
            if (atLimit.get() || interrupted.get()) {
                return;
            }
            long n = shown.incrementAndGet();
            if (maxLines > 0 && n > maxLines) {
                return;
            }
            perHost.get(line.host()).incrementAndGet();
            listener.line(line);
            if (maxLines > 0 && n == maxLines && atLimit.compareAndSet(false, true)) {
                handle.cancel();
            }
        }

        private boolean stopping() {
            return atLimit.get() || interrupted.get();
        }

        /** Stops every host (Ctrl-C): the result says interrupted. */
        public void cancel() {
            interrupted.set(true);
            handle.cancel();
        }

        public LogTailResult await() throws InterruptedException {
            RunResult run = handle.await();
            List<HostLog> hosts = new ArrayList<>(run.outcomes().size());
            for (Outcome o : run.outcomes()) {
                hosts.add(hostLog(o, perHost.get(o.host()).get()));
            }
            return new LogTailResult(hosts, Math.min(shown.get(), maxLines > 0 ? maxLines : Long.MAX_VALUE),
                    atLimit.get(), interrupted.get(), run.duration());
        }

        private HostLog hostLog(Outcome o, long lines) {
            boolean stoppedByUs = stopping() && (o.kind() == FailureKind.CANCELLED
                    || o.kind() == FailureKind.KILLED_BY_SIGNAL || o.status() == Status.SKIPPED);
            List<String> trouble = problems.get(o.host());
            if (trouble != null && !trouble.isEmpty()) {
                return new HostLog(o.host(), HostLog.State.FAILED, lines, String.join("; ", trouble));
            }
            if (o.success() || stoppedByUs) {
                return new HostLog(o.host(), HostLog.State.OK, lines, "");
            }
            HostLog.State state = o.status() == Status.UNREACHABLE ? HostLog.State.UNREACHABLE : HostLog.State.FAILED;
            String why = o.message().isEmpty() && o.kind() != null ? o.kind().description() : o.message();
            return new HostLog(o.host(), state, lines, why);
        }
    }
}
