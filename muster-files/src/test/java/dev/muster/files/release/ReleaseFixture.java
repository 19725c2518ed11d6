package dev.muster.files.release;

import dev.muster.core.Redactor;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.core.local.LocalTransport;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.PlanStep;
import dev.muster.core.plan.StepKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds release artifacts with the system's tar and runs release steps through a transport. */
final class ReleaseFixture {
    static final Host LOCAL = Host.of("local", "127.0.0.1", 22);

    private ReleaseFixture() {
    }

    /** A .tar.gz made by the system's tar from {@code files} (name → content) under {@code dir}. */
    static Path artifact(Path dir, String name, Map<String, String> files) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree-" + name));
        for (var e : files.entrySet()) {
            Path f = tree.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            // the same time for the same content, as a reproducible build gives
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
        }
        Path out = dir.resolve(name + ".tar.gz");
        sh(tree, "tar", "-czf", out.toString(), ".");
        return out;
    }

    static String sh(Path dir, String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    static PlanContext context(Path planDir, String runId, boolean check, boolean diff) {
        return new PlanContext(Map.of(), check, diff, planDir, runId, "alice", Redactor.none());
    }

    static PlanStep step(StepKind kind, Object... keyValues) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new PlanStep(kind, "", null, null, null, List.of(), new PlanStep.Options(options), "deploy.yaml", 7);
    }

    static ReleaseStep release(Path artifact, Path base, PlanContext ctx, Object... more) {
        List<Object> kv = new ArrayList<>(List.of("artifact", artifact.toString(), "base", base.toString()));
        kv.addAll(List.of(more));
        return ReleaseStep.of(ReleaseSpec.of(step(StepKind.RELEASE, kv.toArray()), ctx), ctx);
    }

    static Outcome run(Step step) {
        return run(step, new LocalTransport(), LOCAL);
    }

    static Outcome run(Step step, Transport transport, Host host) {
        return runAll(step, transport, List.of(host)).getFirst();
    }

    static List<Outcome> runAll(Step step, Transport transport, List<Host> hosts) {
        try {
            return new Executor(transport).run(hosts, step, ExecutorOptions.defaults(), new RunListener() {
            }).outcomes();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> log(Path base) throws IOException {
        return Files.readAllLines(base.resolve("revisions.log"));
    }

    static List<String> releases(Path base) throws IOException {
        try (var s = Files.list(base.resolve("releases"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
