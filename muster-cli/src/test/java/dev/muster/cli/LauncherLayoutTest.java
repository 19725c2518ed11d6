package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one launcher (./muster) in the release archive's layout (bin/, lib/, runtime/, as
 * dist/build.sh lays it out): reached through an install's symlink, it runs the archive's own
 * runtime with the packaged start-up cache, finds no JDK, and trains or writes nothing in the
 * user's cache. (dist/test-install.sh runs the real archive; this holds the launcher's part in
 * every ./mvnw verify.)
 */
class LauncherLayoutTest {
    @TempDir
    Path dir;

    @Test
    void throughAnInstallLinkTheArchiveRunsItsOwnRuntimeWithThePackagedCache() throws Exception {
        Path root = dir.resolve("unpacked here/muster-1.2.3");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("lib"));
        Files.createDirectories(root.resolve("runtime/bin"));
        Files.copy(Path.of("..", "muster"), root.resolve("bin/muster"));
        executable(root.resolve("bin/muster"));
        classPathJar(root.resolve("lib/muster.jar"));
        Files.writeString(root.resolve("lib/muster.aot"), "a stand-in: the runtime below records it, never maps it\n");
        Files.writeString(root.resolve("runtime/release"), "JAVA_VERSION=\"25.0.3\"\n");
        // the archive's runtime: records how it was started, then runs this JVM without the stand-in cache
        Path calls = dir.resolve("calls.txt");
        Files.writeString(root.resolve("runtime/bin/java"), "#!/usr/bin/env bash\n"
                + "printf '%s\\n' \"$*\" >> '" + calls + "'\n"
                + "args=(); for a in \"$@\"; do [[ $a == -XX:AOTCache=* ]] || args+=(\"$a\"); done\n"
                + "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"${args[@]}\"\n");
        executable(root.resolve("runtime/bin/java"));
        Path link = dir.resolve("prefix/bin/muster");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, root.resolve("bin/muster"));
        Path home = Files.createDirectories(dir.resolve("home"));

        String version = run(link, home, "--version");
        assertThat(version).isEqualTo(Version.TEXT + "\n");
        String help = run(link, home, "hosts", "--help");
        assertThat(help).contains("Usage: muster hosts");

        List<String> started = Files.readAllLines(calls);
        assertThat(started).hasSize(2);
        assertThat(started.get(0)).contains("-cp " + root.resolve("lib/muster.jar")).endsWith("dev.muster.cli.Version");
        assertThat(started.get(1)).contains("-XX:AOTCache=" + root.resolve("lib/muster.aot"))
                .contains("-jar " + root.resolve("lib/muster.jar")).doesNotContain("AOTCacheOutput");
        Path cache = home.resolve(".cache/muster");
        if (Files.isDirectory(cache)) {
            try (var left = Files.list(cache)) {
                assertThat(left.map(p -> p.getFileName().toString())).as("nothing trained or recorded in ~/.cache")
                        .isEmpty();
            }
        }
    }

    /** Runs the launcher with bash in {@code home}, with no MUSTER_/JAVA/XDG_ variables; its output, exit 0 asserted. */
    static String run(Path muster, Path home, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", muster.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("MUSTER_") || k.startsWith("JAVA") || k.startsWith("XDG_"));
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static void executable(Path file) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A jar holding only a manifest whose Class-Path is this test's class path. */
    static void classPathJar(Path jar) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toUri().toString()).collect(Collectors.joining(" "));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
    }
}
