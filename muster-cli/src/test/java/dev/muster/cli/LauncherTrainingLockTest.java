package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source checkout's launcher trains its start-up cache once, in the background, under a lock
 * in ~/.cache/muster. A training killed mid-way leaves that lock behind: the launcher must take a
 * lock whose holder is gone, or no cache is ever trained again, and must leave a live one alone.
 */
class LauncherTrainingLockTest {
    @TempDir
    Path dir;
    private Path root;
    private Path home;
    private Path cache;
    private Path calls;

    @BeforeEach
    void checkout() throws Exception {
        root = dir.resolve("checkout");
        Files.createDirectories(root.resolve("muster-cli/target"));
        Files.copy(Path.of("..", "muster"), root.resolve("muster"));
        LauncherLayoutTest.classPathJar(root.resolve("muster-cli/target/muster.jar"));
        // a JDK 25 stand-in: a training run writes its cache file, every other run is the real JVM
        calls = dir.resolve("calls.txt");
        Path java = dir.resolve("jdk/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/usr/bin/env bash\n"
                + "printf '%s\\n' \"$*\" >> '" + calls + "'\n"
                + "for a in \"$@\"; do case $a in -XX:AOTCacheOutput=*) echo trained > \"${a#*=}\"; exit 0 ;; esac; done\n"
                + "args=(); for a in \"$@\"; do [[ $a == -XX:AOTCache=* ]] || args+=(\"$a\"); done\n"
                + "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"${args[@]}\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        home = Files.createDirectories(dir.resolve("home"));
        cache = Files.createDirectories(home.resolve(".cache/muster"));
        Files.writeString(cache.resolve("java"), "25 " + java + "\n");
    }

    @Test
    void aLockLeftByAKilledTrainingIsTakenOverAndTheCacheIsTrained() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path lock = Files.createDirectories(cache.resolve("training.lock"));
        Files.writeString(lock.resolve("pid"), gone.pid() + "\n");

        assertThat(run("hosts", "--help")).contains("Usage: muster hosts");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (aotFiles().isEmpty() || Files.exists(lock)) {
            assertThat(System.nanoTime()).as("the background training finished within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(aotFiles()).hasSize(1);
        assertThat(Files.readString(aotFiles().get(0))).isEqualTo("trained\n");
        assertThat(Files.readAllLines(calls)).anyMatch(c -> c.contains("-XX:AOTCacheOutput="));
    }

    @Test
    void aLockWhoseHolderIsAliveIsLeftAlone() throws Exception {
        Path lock = Files.createDirectories(cache.resolve("training.lock"));
        Files.writeString(lock.resolve("pid"), ProcessHandle.current().pid() + "\n");

        assertThat(run("hosts", "--help")).contains("Usage: muster hosts");

        Thread.sleep(500); // a training, were one started, would have been forked by now
        assertThat(Files.readAllLines(calls)).noneMatch(c -> c.contains("AOTCacheOutput"));
        assertThat(Files.readString(lock.resolve("pid")).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(aotFiles()).isEmpty();
    }

    private List<Path> aotFiles() throws Exception {
        try (var files = Files.list(cache)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".aot")).toList();
        }
    }

    private String run(String... args) throws Exception {
        return LauncherLayoutTest.run(root.resolve("muster"), home, args);
    }
}
