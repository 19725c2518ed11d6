package dev.muster.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Reference tools that differential tests ask (ansible-vault, ansible-inventory, ...): a test
 * skips when the tool is not installed, but fails when MUSTER_REQUIRE_ANSIBLE=1 (set by CI), so CI
 * cannot pass by silently skipping.
 */
public final class ReferenceTools {
    static final String REQUIRE_ENV = "MUSTER_REQUIRE_ANSIBLE";

    /** What a tool printed and its exit code. */
    public record Result(int exit, String out, String err) {
    }

    private ReferenceTools() {
    }

    /** Skips (or fails, see class doc) unless {@code tool} is on the PATH. */
    public static void assumeInstalled(String tool) {
        Optional<String> reason = onPath(tool) ? Optional.empty() : Optional.of(tool + " is not installed (apt-get install ansible)");
        if (reason.isEmpty()) {
            return;
        }
        if ("1".equals(System.getenv(REQUIRE_ENV))) {
            Assertions.fail(REQUIRE_ENV + "=1 but " + reason.get());
        }
        Assumptions.abort(reason.get());
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a command in {@code dir} with extra environment, feeding {@code stdin}, and fails the
     * test if it takes longer than {@code limit}.
     */
    public static Result run(Path dir, Map<String, String> env, String stdin, Duration limit, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "tool-", ".out");
        Path err = Files.createTempFile(dir, "tool-", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            Assertions.fail(command + " did not finish within " + limit);
        }
        Result result = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
