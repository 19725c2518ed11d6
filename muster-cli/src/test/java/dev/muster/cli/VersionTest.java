package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `muster --version` prints one line and starts nothing: no picocli model, no engine, no AOT training. */
class VersionTest {
    @TempDir
    Path dir;

    @Test
    void theLauncherPrintsTheVersionWithoutPicocliTheEngineOrAnAotTrainingRun() throws Exception {
        Path jar = classPathJar();
        Path cache = dir.resolve("cache");
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("..", "muster").toString(), "--version")
                .redirectErrorStream(true);
        pb.environment().put("MUSTER_JAR", jar.toString());
        pb.environment().put("MUSTER_CACHE", cache.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        List<String> lines = out.lines().toList();
        assertThat(lines).contains(Version.TEXT);
        assertThat(lines).as("classes loaded to print the version")
                .noneMatch(l -> l.contains(" picocli.") || l.contains(" dev.muster.core.")
                        || l.contains(" dev.muster.ssh.") || l.contains(" dev.muster.cli.Main ")
                        || l.contains(" dev.muster.cli.StartupWarmup"));
        try (var left = Files.list(cache)) {
            assertThat(left.map(f -> f.getFileName().toString()))
                    .as("no AOT cache training started").noneMatch(f -> f.startsWith("training") || f.contains(".aot"));
        }
    }

    @Test
    void theVersionNamesTheVersionCommitAndBuildDate() {
        assertThat(Version.TEXT).matches("muster \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{12}(-dirty)?|unknown), "
                + "built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)");
    }

    @Test
    void theFullCommandLineReportsTheSameVersion() {
        CliResult r = CliResult.run(List.of("--version"));
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(Version.TEXT + "\n");
    }

    /** A jar holding only a manifest whose Class-Path is this test's class path: what the launcher runs. */
    private Path classPathJar() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toUri().toString()).collect(Collectors.joining(" "));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        Path jar = dir.resolve("muster.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        return jar;
    }
}
