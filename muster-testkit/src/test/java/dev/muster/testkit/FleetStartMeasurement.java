package dev.muster.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not a test: measures how long fleets take to start and what they cost, for the numbers in
 * the testkit's docs. Run with the test class path:
 * {@code java -cp ... dev.muster.testkit.FleetStartMeasurement fake 2000} or {@code sshd 200 [shared]}.
 */
public final class FleetStartMeasurement {

    private FleetStartMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int n = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("muster-measure");
        long warm = System.nanoTime();
        KeyFiles.newEd25519();
        report("JVM warm-up: first key generation (BouncyCastle registration)", warm);
        long t0 = System.nanoTime();
        if (kind.equals("fake")) {
            try (FakeFleet fleet = FakeFleet.builder().hosts(n).baseAddress("127.0.100.1").dir(dir).start()) {
                report("start " + n + " in-process hosts", t0);
                System.out.printf("threads %d, RSS %d MiB%n", threads(), rssMib());
                long t1 = System.nanoTime();
                try (TestClient client = TestClient.of(fleet);
                     ExecutorService pool = Executors.newFixedThreadPool(64)) {
                    List<Future<String>> all = fleet.hosts().stream()
                            .map(h -> pool.submit(() -> client.run(h.endpoint(), "uname -r").stdout())).toList();
                    for (Future<String> f : all) {
                        f.get();
                    }
                }
                report("cold uname -r on every host (one MINA client in the same JVM, fan-out 64)", t1);
                System.out.printf("RSS after %d MiB%n", rssMib());
            }
        } else {
            boolean shared = args.length > 2 && args[2].equals("shared");
            OpenSshFleet fleet = OpenSshFleet.builder().hosts(n).baseAddress("127.0.100.1")
                    .kex("curve25519-sha256").perHostDirs(!shared).dir(dir).start();
            long t1;
            try {
                report("start " + n + " sshd hosts, " + fleet.isolation() + ", " + fleet.sshdCount() + " sshd", t0);
                long sshdRss = ProcessHandle.current().descendants().mapToLong(p -> kib(p, "status", "VmRSS:")).sum();
                long sshdPss = ProcessHandle.current().descendants().mapToLong(p -> kib(p, "smaps_rollup", "Pss:")).sum();
                System.out.printf("sshd processes: RSS summed %d MiB (shared pages counted per process), PSS %d MiB%n",
                        sshdRss / 1024, sshdPss / 1024);
            } finally {
                t1 = System.nanoTime();
                fleet.close();
            }
            report("stop", t1);
        }
    }

    private static void report(String what, long since) {
        System.out.printf("%s: %d ms%n", what, (System.nanoTime() - since) / 1_000_000);
    }

    private static long threads() {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.count();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long rssMib() {
        return kib(ProcessHandle.current(), "status", "VmRSS:") / 1024;
    }

    private static long kib(ProcessHandle p, String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/" + file))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
