package dev.muster.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.core.AtomicReplace;
import dev.muster.core.RunException;
import dev.muster.core.exec.Outcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Runs as files under a directory (default ~/.muster/runs): {@code <id>/run.json} for what
 * was asked and how it ended, {@code <id>/outcomes.jsonl} with one line per host appended as
 * hosts finish, so a run killed half-way still shows what finished.
 */
public final class FileRunStore implements RunStore {
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS").withZone(ZoneOffset.UTC);

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Integer>> COUNTS =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    private final Path runs;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, BufferedWriter> open = new HashMap<>();

    public FileRunStore(Path root) {
        this(root, Clock.systemUTC());
    }

    public FileRunStore(Path root, Clock clock) {
        this.runs = root.resolve("runs");
        this.clock = clock;
    }

    /** A new, sortable, unique-enough run id. */
    public String newId() {
        return ID_TIME.format(clock.instant()) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    public Instant now() {
        return clock.instant();
    }

    @Override
    public synchronized void begin(RunRecord run) {
        try {
            Path dir = runs.resolve(run.id());
            Files.createDirectories(dir);
            writeMeta(dir, run);
            open.put(run.id(), Files.newBufferedWriter(dir.resolve("outcomes.jsonl"), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new RunException("cannot write run store " + runs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void outcome(String runId, Outcome outcome) {
        BufferedWriter w = open.get(runId);
        if (w == null) {
            throw new IllegalStateException("run " + runId + " was not begun");
        }
        try {
            w.write(json.writeValueAsString(OutcomeJson.toJson(outcome)));
            w.write('\n');
            w.flush(); // a run killed half-way must still show every host that finished
        } catch (IOException e) {
            throw new RunException("cannot write run store " + runs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void finish(String runId, int exitCode, Map<String, Integer> counts) {
        try {
            BufferedWriter w = open.remove(runId);
            if (w != null) {
                w.close();
            }
            Path dir = runs.resolve(runId);
            RunRecord meta = readMeta(dir);
            writeMeta(dir, meta.finished(clock.instant(), exitCode, counts));
        } catch (IOException e) {
            throw new RunException("cannot write run store " + runs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void detail(String runId, String key, Object value) {
        try {
            Path dir = runDir(runId);
            RunRecord meta = readMeta(dir);
            Map<String, Object> spec = new LinkedHashMap<>(meta.spec());
            spec.put(key, value);
            writeMeta(dir, new RunRecord(meta.id(), meta.kind(), meta.selector(), meta.command(), meta.hosts(),
                    meta.startedAt(), meta.finishedAt(), meta.exitCode(), List.of(), meta.retryOf(), spec, meta.counts()));
        } catch (IOException e) {
            throw new RunException("cannot write run store " + runs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<RunRecord> load(String runId) {
        Path dir = runs.resolve(runId);
        if (runId.contains("/") || !Files.isRegularFile(dir.resolve("run.json"))) {
            return Optional.empty();
        }
        try {
            BufferedWriter w = open.get(runId);
            if (w != null) {
                w.flush();
            }
            RunRecord meta = readMeta(dir);
            Map<String, Outcome> byHost = new LinkedHashMap<>();
            Path lines = dir.resolve("outcomes.jsonl");
            if (Files.exists(lines)) {
                try (Stream<String> s = Files.lines(lines, StandardCharsets.UTF_8)) {
                    s.filter(l -> !l.isBlank()).forEach(l -> {
                        Outcome o = OutcomeJson.fromJson(parse(l));
                        byHost.put(o.host(), o);
                    });
                }
            }
            return Optional.of(meta.withOutcomes(new ArrayList<>(byHost.values())));
        } catch (IOException | UncheckedIOException e) {
            throw new RunException("cannot read run " + runId + " from " + runs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<RunRecord> recent(int limit) {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            List<Path> newest = dirs.filter(d -> Files.isRegularFile(d.resolve("run.json")))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .limit(limit).toList();
            List<RunRecord> out = new ArrayList<>();
            for (Path d : newest) {
                out.add(readMeta(d));
            }
            return out;
        } catch (IOException e) {
            throw new RunException("cannot read run store " + runs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void mark(String runId, StepMark mark) {
        Path file = runDir(runId).resolve("journal.jsonl");
        try {
            ObjectNode n = json.createObjectNode();
            n.put("mark", mark.mark().name().toLowerCase(java.util.Locale.ROOT));
            n.put("batch", mark.batch());
            n.put("step", mark.step());
            n.put("host", mark.host());
            n.put("status", mark.status());
            n.put("name", mark.name());
            n.put("output", mark.output());
            Files.writeString(file, json.writeValueAsString(n) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new RunException("cannot write run store " + runs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<StepMark> marks(String runId) {
        Path file = runDir(runId).resolve("journal.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            List<StepMark> out = new ArrayList<>();
            // a line cut short by a killed process is the last one: skip what does not parse
            lines.filter(l -> !l.isBlank()).forEach(l -> {
                try {
                    JsonNode n = json.readTree(l);
                    out.add(new StepMark(StepMark.Mark.valueOf(n.path("mark").asText().toUpperCase(java.util.Locale.ROOT)),
                            n.path("batch").asInt(), n.path("step").asInt(), n.path("host").asText(),
                            n.path("status").asText(), n.path("name").asText(), n.path("output").asText()));
                } catch (IOException | IllegalArgumentException e) {
                    // torn last line
                }
            });
            return out;
        } catch (IOException e) {
            throw new RunException("cannot read run " + runId + " from " + runs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void reopen(String runId) {
        Path dir = runDir(runId);
        try {
            RunRecord meta = readMeta(dir);
            writeMeta(dir, new RunRecord(meta.id(), meta.kind(), meta.selector(), meta.command(), meta.hosts(),
                    meta.startedAt(), null, null, List.of(), meta.retryOf(), meta.spec(), Map.of()));
            if (!open.containsKey(runId)) {
                open.put(runId, Files.newBufferedWriter(dir.resolve("outcomes.jsonl"), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND));
            }
        } catch (IOException e) {
            throw new RunException("cannot reopen run " + runId + " in " + runs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void requestApproval(String runId, String key, String message) {
        ObjectNode n = json.createObjectNode();
        n.put("key", key);
        n.put("message", message);
        n.put("requested_at", clock.instant().toString());
        try {
            // renamed into place: `muster approve` (another process) must never read it half written
            Path tmp = runDir(runId).resolve("approval.json.tmp");
            Files.writeString(tmp, json.writeValueAsString(n), StandardCharsets.UTF_8);
            Files.move(tmp, runDir(runId).resolve("approval.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RunException("cannot write run store " + runs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<Approval> pendingApproval(String runId) {
        Path file = runDir(runId).resolve("approval.json");
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            JsonNode n = json.readTree(file.toFile());
            String key = n.path("key").asText();
            if (approved(runId, key)) {
                return Optional.empty();
            }
            return Optional.of(new Approval(key, n.path("message").asText(), Instant.parse(n.path("requested_at").asText())));
        } catch (IOException e) {
            throw new RunException("cannot read run " + runId + " from " + runs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean approve(String runId, String who) {
        Optional<Approval> pending = pendingApproval(runId);
        if (pending.isEmpty()) {
            return false;
        }
        try {
            Files.writeString(runDir(runId).resolve("approved-" + pending.get().key()),
                    who + " " + clock.instant() + "\n", StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            throw new RunException("cannot write run store " + runs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean approved(String runId, String key) {
        return Files.exists(runDir(runId).resolve("approved-" + key));
    }

    @Override
    public synchronized String state(String key) {
        Path file = stateFile(key);
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            throw new RunException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void state(String key, String value) {
        Path file = stateFile(key);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RunException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private Path stateFile(String key) {
        return runs.resolveSibling("state").resolve(key.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    private Path runDir(String runId) {
        if (runId.contains("/") || runId.contains("..")) {
            throw new IllegalArgumentException("not a run id: " + runId);
        }
        return runs.resolve(runId);
    }

    private void writeMeta(Path dir, RunRecord run) throws IOException {
        ObjectNode n = json.createObjectNode();
        n.put("id", run.id());
        n.put("kind", run.kind());
        n.put("selector", run.selector());
        n.put("command", run.command());
        n.put("hosts", run.hosts());
        n.put("started_at", run.startedAt().toString());
        n.put("finished_at", run.finishedAt() == null ? null : run.finishedAt().toString());
        n.put("exit_code", run.exitCode());
        n.put("retry_of", run.retryOf());
        n.set("spec", json.valueToTree(run.spec()));
        n.set("counts", json.valueToTree(run.counts()));
        Path tmp = dir.resolve("run.json.tmp");
        Files.writeString(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsString(n), StandardCharsets.UTF_8);
        AtomicReplace.move(tmp, dir.resolve("run.json"));
    }

    private RunRecord readMeta(Path dir) throws IOException {
        JsonNode n = json.readTree(dir.resolve("run.json").toFile());
        String finished = OutcomeJson.text(n, "finished_at");
        JsonNode exit = n.get("exit_code");
        return new RunRecord(n.path("id").asText(), OutcomeJson.text(n, "kind"), OutcomeJson.text(n, "selector"),
                OutcomeJson.text(n, "command"), OutcomeJson.text(n, "hosts"),
                Instant.parse(n.path("started_at").asText()), finished == null ? null : Instant.parse(finished),
                exit == null || exit.isNull() ? null : exit.asInt(), List.of(), OutcomeJson.text(n, "retry_of"),
                json.convertValue(n.path("spec"), MAP), json.convertValue(n.path("counts"), COUNTS));
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
