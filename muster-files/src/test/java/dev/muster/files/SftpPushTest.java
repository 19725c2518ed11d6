package dev.muster.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.ssh.SshTransport;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push over SSH and SFTP to an in-process MINA SSHD host (its SFTP server writes to this
 * machine's file system): large pipelined writes, posix-rename, symlinks, modes and times.
 */
class SftpPushTest {
    private static FakeFleet fleet;
    private static Host host;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(@TempDir Path fleetDir) throws Exception {
        fleet = FakeFleet.builder().dir(fleetDir).hosts(1).commandMode(CommandMode.SHELL).start();
        host = new InventoryLoader().load(fleet.inventory()).hosts().getFirst();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    private Outcome push(Path src, Path dest, SyncOptions opts) throws InterruptedException {
        try (SshTransport transport = FleetTransports.of(fleet)) {
            SyncStep step = Push.step(LocalTree.scan(src, Excludes.none()), dest.toString(), opts, Excludes.none());
            return new Executor(transport).run(List.of(host), step, ExecutorOptions.defaults(), new RunListener() {
            }).outcomes().getFirst();
        }
    }

    @Test
    void aTreeArrivesWholeOverSftpAndASecondPushIsANoOp() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/a/b"));
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Files.writeString(src.resolve("small.txt"), "small\n");
        Files.createSymbolicLink(tmp.resolve("src/link"), Path.of("a/b/small.txt"));
        Path dest = tmp.resolve("dest");

        Outcome first = push(tmp.resolve("src"), dest, SyncOptions.defaults());
        assertThat(first.status()).as(first.message() + first.stderr()).isEqualTo(Status.CHANGED);
        assertThat(Files.readAllBytes(dest.resolve("a/b/big.bin"))).isEqualTo(big);
        assertThat(Files.readSymbolicLink(dest.resolve("link"))).isEqualTo(Path.of("a/b/small.txt"));
        assertThat(Files.getLastModifiedTime(dest.resolve("a/b/big.bin")).toMillis() / 1000)
                .isEqualTo(Files.getLastModifiedTime(src.resolve("big.bin")).toMillis() / 1000);

        Outcome second = push(tmp.resolve("src"), dest, SyncOptions.defaults());
        assertThat(second.status()).as(second.stdout()).isEqualTo(Status.OK);

        big[1000] ^= 1;
        Files.write(src.resolve("big.bin"), big);
        // same size: a new time (as any real edit a second later has) is what makes it a candidate
        Files.setLastModifiedTime(src.resolve("big.bin"), java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L));
        Outcome third = push(tmp.resolve("src"), dest, SyncOptions.defaults());
        assertThat(third.stdout()).isEqualTo("~ a/b/big.bin (content, 3.0 MiB)\n");
        assertThat(Files.readAllBytes(dest.resolve("a/b/big.bin"))).isEqualTo(big);
    }
}
