package dev.muster.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A reference tool that a differential test compares muster with (nodeset, ansible-inventory,
 * ansible-vault, ssh, promtool), found on PATH. Without it the test is skipped with the reason,
 * and fails instead when MUSTER_REQUIRE_REFERENCE_TOOLS=1 (.ci/run sets it, so CI cannot pass by
 * skipping). Needs junit-jupiter-api, like {@link OpenSshAssumptions}.
 */
public final class ReferenceTool {
    public static final String REQUIRE_ENV = "MUSTER_REQUIRE_REFERENCE_TOOLS";
    private static final long TIMEOUT_SECONDS = 120;

    /** What a tool printed and its exit code. */
    public record Result(int exit, String out, String err) {
    }

    private final Path path;

    private ReferenceTool(Path path) {
        this.path = path;
    }

    /** The tool, or a skipped (failed under MUSTER_REQUIRE_REFERENCE_TOOLS=1) test naming its package. */
    public static ReferenceTool require(String name, String debianPackage) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            gate(name + " is not installed", debianPackage, System.getenv());
        }
        return new ReferenceTool(found.orElseThrow());
    }

    static void gate(String reason, String debianPackage, Map<String, String> env) {
        if ("1".equals(env.get(REQUIRE_ENV))) {
            Assertions.fail(REQUIRE_ENV + "=1 but " + reason);
        }
        Assumptions.abort(reason + " (apt-get install " + debianPackage + " to run these tests)");
    }

    public static Optional<Path> find(String name) {
        String pathEnv = System.getenv("PATH");
        for (String dir : (pathEnv == null ? "/usr/bin:/bin" : pathEnv).split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public Path path() {
        return path;
    }

    /** Runs the tool with these arguments and stdin; a tool that hangs fails the test. */
    public Result run(Path workDir, String stdin, String... args) {
        return run(workDir, Map.of(), stdin, List.of(args));
    }

    /** The same with extra environment variables. */
    public Result run(Path workDir, Map<String, String> env, String stdin, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(path.toString());
        command.addAll(args);
        return exec(command, workDir, stdin, env);
    }

    /**
     * Runs a command with stdin, stdout and stderr in files (pipes could fill up both ways and
     * deadlock on big batches); one that runs past the deadline fails the test.
     */
    public static Result exec(List<String> command, Path workDir, String stdin) {
        return exec(command, workDir, stdin, Map.of());
    }

    public static Result exec(List<String> command, Path workDir, String stdin, Map<String, String> env) {
        Path in = null;
        Path out = null;
        Path err = null;
        try {
            in = Files.createTempFile("muster-ref", ".in");
            out = Files.createTempFile("muster-ref", ".out");
            err = Files.createTempFile("muster-ref", ".err");
            Files.writeString(in, stdin == null ? "" : stdin);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                Assertions.fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } finally {
            for (Path p : new Path[] {in, out, err}) {
                if (p != null) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // a temp file left behind
                    }
                }
            }
        }
    }
}
