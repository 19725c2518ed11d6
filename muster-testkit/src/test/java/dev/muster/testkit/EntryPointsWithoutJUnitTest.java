package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo and the fleet launcher run where JUnit is absent: the testkit's runtime path must not
 * touch JUnit classes. Each runs in its own JVM on the runtime class path.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EntryPointsWithoutJUnitTest {

    @TempDir
    Path dir;

    @Test
    void demoFleetRunsInAJvmWithoutJUnit() throws Exception {
        List<String> lines = runUntilReady(DemoFleet.class.getName(), dir.toString());
        assertThat(lines).as(String.join("\n", lines)).contains("ready: 12 hosts; close stdin (Ctrl-D) to stop");
        assertThat(dir.resolve("inventory.yaml")).exists();
    }

    @Test
    void launcherRunsAFakeFleetForBenchmarks() throws Exception {
        List<String> lines = runUntilReady(FleetLauncher.class.getName(), "fake", "30", "--dir", dir.toString(),
                "--base", "127.0.30.1", "--kex", "curve25519-sha256");
        assertThat(lines).as(String.join("\n", lines)).contains("ready: 30 in-process hosts; close stdin (Ctrl-D) to stop")
                .contains("inventory   " + dir.resolve("inventory.yaml"));
    }

    /** Runs a main class on the runtime class path (no JUnit), stops it by closing stdin after "ready:". */
    private static List<String> runUntilReady(String mainClass, String... args) throws Exception {
        String runtime = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.contains("junit") && !p.contains("opentest4j") && !p.contains("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(runtime).contains("muster-testkit" + File.separator + "target" + File.separator + "classes");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", runtime, mainClass));
        command.addAll(List.of(args));
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith("ready: ")) {
                    demo.getOutputStream().close();
                }
            }
        } finally {
            if (!demo.waitFor(30, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
        assertThat(demo.exitValue()).as(String.join("\n", lines)).isZero();
        return lines;
    }
}
