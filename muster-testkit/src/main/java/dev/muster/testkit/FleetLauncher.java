package dev.muster.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Runs a fleet in its own JVM for benchmarks and manual tries, until standard input closes:
 * <pre>
 * java -cp ... dev.muster.testkit.FleetLauncher fake 2000 [--dir D] [--base 127.0.1.1] [--kex curve25519-sha256]
 * java -cp ... dev.muster.testkit.FleetLauncher sshd 200  [--dir D] [--base 127.0.2.1] [--kex ...]
 *                                                          [--max-startups 10:30:100] [--shared]
 * </pre>
 * Prints the inventory, identity and known_hosts paths, then a line starting with "ready:".
 */
public final class FleetLauncher {

    private FleetLauncher() {
    }

    public static void main(String[] args) throws IOException {
        Deque<String> a = new ArrayDeque<>(List.of(args));
        if (a.size() < 2) {
            System.err.println("usage: FleetLauncher fake|sshd COUNT [--dir D] [--base ADDRESS] [--kex ALGS]"
                    + " [--max-startups S] [--shared]");
            System.exit(2);
        }
        String kind = a.pop();
        int count = Integer.parseInt(a.pop());
        Options o = Options.parse(a);
        Path dir = o.dir != null ? Path.of(o.dir) : Files.createTempDirectory("muster-" + kind + "-fleet");
        if (kind.equals("fake")) {
            FakeFleetBuilder b = FakeFleet.builder().hosts(count).dir(dir);
            if (o.base != null) {
                b.baseAddress(o.base);
            }
            if (o.kex != null) {
                b.kex(o.kex.split(","));
            }
            try (FakeFleet fleet = b.start()) {
                serve(fleet.inventory(), fleet.clientKey().privateKeyFile(), fleet.knownHosts(), count + " in-process hosts");
            }
        } else {
            OpenSshFleetBuilder b = OpenSshFleet.builder().hosts(count).dir(dir).kex(o.kex).perHostDirs(!o.shared);
            if (o.base != null) {
                b.baseAddress(o.base);
            }
            if (o.maxStartups != null) {
                b.maxStartups(o.maxStartups);
            }
            try (OpenSshFleet fleet = b.start()) {
                serve(fleet.inventory(), fleet.clientKey().privateKeyFile(), fleet.knownHosts(),
                        count + " sshd hosts, " + fleet.isolation() + ", " + fleet.sshdCount() + " sshd");
            }
        }
    }

    private static void serve(Path inventory, Path identity, Path knownHosts, String what) throws IOException {
        System.out.println("inventory   " + inventory);
        System.out.println("identity    " + identity);
        System.out.println("known_hosts " + knownHosts);
        System.out.println("ready: " + what + "; close stdin (Ctrl-D) to stop");
        System.in.transferTo(OutputStream.nullOutputStream());
    }

    private static final class Options {
        String dir;
        String base;
        String kex;
        String maxStartups;
        boolean shared;

        static Options parse(Deque<String> a) {
            Options o = new Options();
            while (!a.isEmpty()) {
                String flag = a.pop();
                switch (flag) {
                    case "--dir" -> o.dir = a.pop();
                    case "--base" -> o.base = a.pop();
                    case "--kex" -> o.kex = a.pop();
                    case "--max-startups" -> o.maxStartups = a.pop();
                    case "--shared" -> o.shared = true;
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            return o;
        }
    }
}
