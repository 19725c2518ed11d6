package dev.muster.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The embedded fleet behind {@code muster demo}: twelve in-process hosts that look like a small
 * production estate, so a new user can try muster with no servers.
 * <pre>
 * web01-06        role=web  env=prod     dc=fra (01-03) / ams (04-06); web06 runs an older kernel
 * db01-02         role=db   env=prod     bigger, busier disks, longer uptime
 * stage-web01-03  role=web  env=staging  a newer kernel
 * batch01         role=batch env=prod    flaky: drops its first connection, every command is slow,
 *                                        its disk is 92% full
 * </pre>
 * Groups web, db, staging and batch; environments as each host's env. Uses no JUnit.
 */
public final class DemoFleet implements AutoCloseable {

    /** How slow the flaky host is. */
    public static final Duration FLAKY_DELAY = Duration.ofMillis(1200);

    private final FakeFleet fleet;
    private final Path sshConfig;

    private DemoFleet(FakeFleet fleet, Path sshConfig) {
        this.fleet = fleet;
        this.sshConfig = sshConfig;
    }

    /**
     * Runs the demo fleet until standard input closes (Ctrl-D):
     * {@code java -cp ... dev.muster.testkit.DemoFleet [DIR]}. Prints where its files are, then "ready".
     */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("muster-demo");
        try (DemoFleet demo = start(dir)) {
            System.out.println("inventory   " + demo.inventory());
            System.out.println("identity    " + demo.identity());
            System.out.println("known_hosts " + demo.knownHosts());
            System.out.println("ssh_config  " + demo.sshConfig());
            System.out.println("ready: " + demo.fleet().hosts().size() + " hosts; close stdin (Ctrl-D) to stop");
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** Starts the demo fleet and writes its files into {@code dir}. */
    public static DemoFleet start(Path dir) throws IOException {
        HostProfile base = HostProfile.debian12();
        HostProfile oldKernel = base.withKernel("6.1.0-25-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.106-3 (2024-08-26)")
                .withUptime(Duration.ofDays(112).plusHours(7).plusMinutes(40), "0.31, 0.27, 0.22");
        HostProfile db = base.withUptime(Duration.ofDays(97).plusMinutes(5), "1.42, 1.38, 1.51")
                .withDisk(205_373_416, 121_002_644);
        HostProfile staging = base.withKernel("6.1.0-28-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)")
                .withUptime(Duration.ofDays(3).plusHours(2).plusMinutes(17), "0.00, 0.01, 0.00");
        HostProfile batch = base.withDisk(30_830_588, 26_703_112).withUptime(Duration.ofDays(41).plusHours(3)
                .plusMinutes(12), "3.97, 3.88, 3.70");
        FakeFleetBuilder b = FakeFleet.builder().dir(dir).baseAddress("127.0.10.1");
        for (int i = 1; i <= 6; i++) {
            b.host(HostSpec.named("web0" + i).withLabel("role", "web").withLabel("dc", i <= 3 ? "fra" : "ams")
                    .withEnv("prod").withProfile(i == 6 ? oldKernel : base));
        }
        for (int i = 1; i <= 2; i++) {
            b.host(HostSpec.named("db0" + i).withLabel("role", "db").withLabel("dc", i == 1 ? "fra" : "ams")
                    .withEnv("prod").withProfile(db));
        }
        for (int i = 1; i <= 3; i++) {
            b.host(HostSpec.named("stage-web0" + i).withLabel("role", "web").withLabel("dc", "fra")
                    .withEnv("staging").withProfile(staging));
        }
        b.host(HostSpec.named("batch01").withLabel("role", "batch").withLabel("dc", "fra").withEnv("prod")
                .withProfile(batch).withFaults(Fault.dropFirstHandshakes(1), Fault.slow(FLAKY_DELAY)));
        b.group("web", List.of("web01", "web02", "web03", "web04", "web05", "web06"))
                .group("db", List.of("db01", "db02"))
                .group("staging", List.of("stage-web01", "stage-web02", "stage-web03"))
                .group("batch", List.of("batch01"));
        FakeFleet fleet = b.start();
        Path sshConfig = dir.resolve("ssh_config");
        SshConfigWriter.write(sshConfig, fleet);
        return new DemoFleet(fleet, sshConfig);
    }

    public FakeFleet fleet() {
        return fleet;
    }

    public Path dir() {
        return fleet.dir();
    }

    public Path inventory() {
        return fleet.inventory();
    }

    /** The private key every demo host accepts. */
    public Path identity() {
        return fleet.clientKey().privateKeyFile();
    }

    public Path knownHosts() {
        return fleet.knownHosts();
    }

    /** An ssh_config with one Host block per host, so {@code ssh -F <this> web01 uptime} works too. */
    public Path sshConfig() {
        return sshConfig;
    }

    @Override
    public void close() {
        fleet.close();
    }
}
