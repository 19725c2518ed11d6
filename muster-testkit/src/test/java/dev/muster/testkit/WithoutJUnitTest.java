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
import org.junit.jupiter.api.io.TempDir;

/** The demo runs where JUnit is absent: the testkit's runtime path must not touch JUnit classes. */
class WithoutJUnitTest {

    @TempDir
    Path dir;

    @Test
    void demoFleetRunsInAJvmWithoutJUnit() throws Exception {
        String runtime = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.contains("junit") && !p.contains("opentest4j") && !p.contains("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(runtime).contains("muster-testkit" + File.separator + "target" + File.separator + "classes");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process demo = new ProcessBuilder(java, "-cp", runtime, DemoFleet.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
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
        assertThat(lines).as(String.join("\n", lines)).contains("ready: 12 hosts; close stdin (Ctrl-D) to stop");
        assertThat(demo.exitValue()).isZero();
        assertThat(dir.resolve("inventory.yaml")).exists();
    }
}
