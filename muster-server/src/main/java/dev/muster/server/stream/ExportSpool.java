package dev.muster.server.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.core.AtomicReplace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The export buffer's journal on disk, so samples taken but not yet acknowledged survive a
 * restart of {@code muster serve}, a SIGKILL included: every sample added is appended as a line
 * ({@code {"s": host, "q": seq, "r": [records]}}), every acknowledgement as another
 * ({@code {"a": {host: seq}}}); replaying the lines through a buffer of the same capacity gives the
 * buffer as it was. When the journal holds much more than the buffer (the broker long away, or
 * many acknowledged rounds), it is rewritten from the buffer atomically. Private to its owner.
 */
final class ExportSpool implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private BufferedWriter out;
    private long lines;

    ExportSpool(Path file) {
        this.file = file;
    }

    /** Replays the journal into {@code buffer} (empty when there is none); a torn last line is skipped. */
    synchronized void replay(SampleBuffer buffer) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException torn) {
                    continue; // the process died mid-line: that sample was never acknowledged, nor complete
                }
                if (n == null) {
                    continue;
                }
                if (n.has("a")) {
                    Map<String, Long> upTo = new HashMap<>();
                    n.get("a").fields().forEachRemaining(e -> upTo.put(e.getKey(), e.getValue().asLong()));
                    buffer.acknowledgeUpTo(upTo);
                } else if (n.has("s")) {
                    List<ExportRecord> records = new java.util.ArrayList<>();
                    for (JsonNode r : n.get("r")) {
                        Map<String, String> labels = new HashMap<>();
                        r.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                        records.add(new ExportRecord(r.path("host").asText(), r.path("env").isNull() ? null
                                : r.path("env").asText(), labels, Instant.parse(r.path("timestamp").asText()),
                                r.path("metric").asText(), r.path("value").asDouble(), r.path("unit").asText()));
                    }
                    buffer.restore(n.get("s").asText(), n.get("q").asLong(), records);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the export spool " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized void added(String host, long seq, List<ExportRecord> records) {
        StringBuilder line = new StringBuilder(64 + 200 * records.size()).append("{\"s\":");
        try {
            line.append(JSON.writeValueAsString(host));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.append(",\"q\":").append(seq).append(",\"r\":[");
        for (int i = 0; i < records.size(); i++) {
            line.append(i == 0 ? "" : ",").append(records.get(i).toJson()); // each record already JSON: not parsed again
        }
        write(line.append("]}").toString());
    }

    synchronized void acknowledged(Map<String, Long> upTo) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode a = o.putObject("a");
        upTo.forEach(a::put);
        write(o.toString());
    }

    /** Rewrites the journal as just the samples still buffered, when it grew past {@code limit} lines. */
    synchronized void compactIfOver(long limit, java.util.function.Supplier<List<SampleBuffer.Sample>> buffer) {
        if (lines <= limit) {
            return;
        }
        List<SampleBuffer.Sample> buffered = buffer.get();
        try {
            close();
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".spool", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                out = w;
                lines = 0;
                for (SampleBuffer.Sample s : buffered) {
                    added(s.host(), s.seq(), s.records());
                }
                w.flush();
            } finally {
                out = null;
            }
            AtomicReplace.move(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the export spool " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(String line) {
        try {
            if (out == null) {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                if (!Files.exists(file)) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                }
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
            out.write(line);
            out.write('\n');
            out.flush(); // to the kernel: a killed process loses nothing written; only a machine crash could
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export spool " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the lines were flushed as written
            }
            out = null;
        }
    }
}
