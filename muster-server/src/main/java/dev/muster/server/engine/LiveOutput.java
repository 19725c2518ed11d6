package dev.muster.server.engine;

import dev.muster.core.Redactor;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.RunListener;
import dev.muster.core.inventory.Host;
import dev.muster.core.store.RecordedRuns;
import dev.muster.server.store.JdbcRunStore;
import dev.muster.server.store.RunOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records a command run in the store as it goes: each output line, secrets masked, appended to
 * the host's {@link RunOutput} a chunk at a time (so memory stays at one chunk per host and
 * stream, however much a host prints, and no connection is held between chunks), then the host's
 * outcome without its captured output, which would otherwise replace the streamed one. Output
 * of a failed attempt stays, followed by the retry's. A host's output stops at the run's
 * {@link OutputCap}, with a marker where it was cut.
 */
final class LiveOutput implements RunListener {
    private final JdbcRunStore runs;
    private final String runId;
    private final Redactor redactor;
    private final OutputCap cap;
    private final RecordedRuns.Recording outcomes;
    private final Map<String, StringBuilder> pending = new ConcurrentHashMap<>();

    LiveOutput(JdbcRunStore runs, String runId, Redactor redactor, long maxBytesPerHost) {
        this.runs = runs;
        this.runId = runId;
        this.redactor = redactor;
        this.cap = new OutputCap(maxBytesPerHost);
        this.outcomes = new RecordedRuns(runs, redactor, o -> o.withOutput("", "")).of(runId);
    }

    /** Marks the host in flight, so a reaper can say so if this server dies before it finishes. */
    @Override
    public void hostStarted(Host host, int attempt) {
        if (attempt <= 1) {
            runs.hostStarted(runId, host.name());
        }
    }

    @Override
    public void outputLine(Host host, OutputSink.Stream stream, String line) {
        String text = cap.admit(host.name(), redactor.redact(line) + '\n');
        if (text == null) {
            return;
        }
        StringBuilder buffer = pending.computeIfAbsent(key(host.name(), stream), k -> new StringBuilder());
        synchronized (buffer) {
            buffer.append(text);
            if (buffer.length() >= runs.output().chunkChars()) {
                write(host.name(), stream, buffer);
            }
        }
    }

    @Override
    public void hostFinished(Outcome o) {
        for (OutputSink.Stream stream : OutputSink.Stream.values()) {
            StringBuilder buffer = pending.remove(key(o.host(), stream));
            if (buffer != null) {
                synchronized (buffer) {
                    write(o.host(), stream, buffer);
                }
            }
        }
        outcomes.hostFinished(o);
    }

    private void write(String host, OutputSink.Stream stream, StringBuilder buffer) {
        if (buffer.isEmpty()) {
            return;
        }
        try (Writer w = runs.output().writer(runId, host, RunOutput.Stream.valueOf(stream.name()))) {
            w.write(buffer.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.setLength(0);
    }

    private static String key(String host, OutputSink.Stream stream) {
        return host + '\u0000' + stream;
    }
}
