package dev.muster.testkit.bench;

import dev.muster.testkit.OpenSshFleet;
import dev.muster.testkit.OpenSshHost;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts a real OpenSSH fleet for the benchmark harness (bench/fleet-run.sh) and writes, into
 * {@code --dir}, the files every client under test needs:
 * <pre>
 * inventory.yaml   muster's inventory (written by OpenSshFleet)
 * known_hosts      "[address]:port ssh-ed25519 ..." per host (written by OpenSshFleet)
 * id_ed25519       the client key (copy of client/id_ed25519, mode 0600)
 * hosts.txt        user@address:port per line (parallel-ssh -h)
 * names.txt        host names, one per line (clush -w, ssh loops)
 * ssh_config       Host NAME / HostName / Port / User per host, then key, known_hosts, strict checking
 * inventory.ini    Ansible INI inventory (ansible_host, ansible_port, ansible_user)
 * sshd.pids        pid of every sshd listener (their children's CPU shows in /proc/PID/stat cutime/cstime)
 * release-port     with --release-service BASE: the port every host's HTTP service (serving
 *                  BASE/current, see ReleaseService) listens on
 * </pre>
 *
 * Prints {@code READY} on stdout and keeps the fleet up until stdin reaches end of file or the JVM
 * gets SIGTERM/SIGINT; then every sshd and its per-connection children are stopped.
 *
 * <p>Usage: {@code FleetMain --dir DIR [--hosts N] [--kex ALGS|default] [--max-startups SPEC|default]
 * [--base 127.0.2.1] [--hosts-per-sshd 16] [--per-host-dirs] [--sshd-option 'LINE']...}: each
 * --sshd-option line goes into every sshd_config ahead of the fleet's own (e.g. "Ciphers aes128-ctr").
 */
public final class FleetMain {

    private FleetMain() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("FleetMain: " + e.getMessage());
            System.err.println("usage: FleetMain --dir DIR [--hosts N] [--kex ALGS|default] "
                    + "[--max-startups SPEC|default] [--base ADDR] [--hosts-per-sshd N] [--per-host-dirs] "
                    + "[--release-service HOST_BASE] [--sshd-option 'LINE']...");
            System.exit(2);
            return;
        }
        Files.createDirectories(o.dir);
        OpenSshFleet fleet = OpenSshFleet.builder()
                .hosts(o.hosts)
                .baseAddress(o.base)
                .kex(o.kex)
                .maxStartups(o.maxStartups)
                .perHostDirs(o.perHostDirs)
                .hostsPerSshd(o.hostsPerSshd)
                .sshdOptions(o.sshdOptions.toArray(String[]::new))
                .dir(o.dir)
                .start();
        // OpenSshFleet registers a shutdown hook, so SIGTERM/SIGINT stop every sshd too.
        writeClientFiles(fleet, o.dir);
        System.out.println("fleet: " + fleet.hosts().size() + " hosts, " + fleet.sshdCount() + " sshd, "
                + fleet.isolation() + ", KexAlgorithms " + (o.kex == null ? "(sshd default)" : o.kex)
                + ", MaxStartups " + (o.maxStartups == null ? "(sshd default 10:30:100)" : o.maxStartups)
                + (o.sshdOptions.isEmpty() ? "" : ", " + String.join(", ", o.sshdOptions))
                + ", dir " + o.dir);
        java.util.List<dev.muster.testkit.ReleaseService> services = o.releaseBase == null ? java.util.List.of()
                : dev.muster.testkit.ReleaseService.onEveryHost(fleet, o.releaseBase);
        if (!services.isEmpty()) {
            write(o.dir.resolve("release-port"), services.getFirst().port() + "\n");
            System.out.println("release service: every host serves " + o.releaseBase + "/current on port "
                    + services.getFirst().port());
        }
        System.out.println("READY");
        System.out.flush();
        drain(System.in);
        services.forEach(dev.muster.testkit.ReleaseService::close);
        fleet.close();
        System.out.println("STOPPED");
    }

    private static void drain(InputStream in) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // wait for end of file
            }
        } catch (IOException e) {
            // stdin gone: stop as well
        }
    }

    static void writeClientFiles(OpenSshFleet fleet, Path dir) throws IOException {
        Path key = dir.resolve("id_ed25519");
        Files.copy(fleet.clientKey().privateKeyFile(), key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(fleet.clientKey().publicKeyFile(), dir.resolve("id_ed25519.pub"), StandardCopyOption.REPLACE_EXISTING);
        Path knownHosts = fleet.knownHosts().toAbsolutePath();
        String user = fleet.user();
        List<OpenSshHost> hosts = fleet.hosts();

        StringBuilder hostsTxt = new StringBuilder();
        StringBuilder names = new StringBuilder();
        StringBuilder ssh = new StringBuilder("# written by muster-testkit FleetMain\n");
        StringBuilder ini = new StringBuilder("[fleet]\n");
        for (OpenSshHost h : hosts) {
            hostsTxt.append(user).append('@').append(h.address()).append(':').append(h.port()).append('\n');
            names.append(h.name()).append('\n');
            ssh.append("Host ").append(h.name()).append('\n')
                    .append("  HostName ").append(h.address()).append('\n')
                    .append("  Port ").append(h.port()).append('\n')
                    .append("  User ").append(user).append('\n');
            ini.append(h.name()).append(" ansible_host=").append(h.address())
                    .append(" ansible_port=").append(h.port())
                    .append(" ansible_user=").append(user).append('\n');
        }
        ssh.append("Host *\n")
                .append("  IdentityFile ").append(key.toAbsolutePath()).append('\n')
                .append("  IdentitiesOnly yes\n")
                .append("  UserKnownHostsFile ").append(knownHosts).append('\n')
                .append("  GlobalKnownHostsFile /dev/null\n")
                .append("  StrictHostKeyChecking yes\n")
                .append("  BatchMode yes\n")
                .append("  PasswordAuthentication no\n")
                .append("  KbdInteractiveAuthentication no\n")
                .append("  ConnectTimeout 20\n")
                .append("  LogLevel ERROR\n");
        ini.append("\n[fleet:vars]\nansible_ssh_private_key_file=").append(key.toAbsolutePath()).append('\n');

        write(dir.resolve("hosts.txt"), hostsTxt.toString());
        write(dir.resolve("names.txt"), names.toString());
        write(dir.resolve("ssh_config"), ssh.toString());
        write(dir.resolve("inventory.ini"), ini.toString());
        write(dir.resolve("sshd.pids"), String.join("\n", sshdPids(dir)) + "\n");
    }

    /** Listener pids from each unit's PidFile (sshd writes it once it listens). */
    private static List<String> sshdPids(Path dir) throws IOException {
        List<String> pids = new ArrayList<>();
        Path units = dir.resolve("sshd");
        long deadline = System.nanoTime() + 10_000_000_000L;
        try (Stream<Path> s = Files.list(units)) {
            for (Path unit : s.sorted().toList()) {
                Path pidFile = unit.resolve("sshd.pid");
                while (!Files.isRegularFile(pidFile) || Files.readString(pidFile).isBlank()) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("no pid in " + pidFile);
                    }
                    sleep();
                }
                pids.add(Files.readString(pidFile).strip());
            }
        }
        return pids;
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Command-line options. */
    private static final class Options {
        Path dir;
        int hosts = 200;
        String kex = "curve25519-sha256";
        String maxStartups = "1000:30:2000";
        String base = "127.0.2.1";
        int hostsPerSshd = 16;
        boolean perHostDirs;
        String releaseBase;
        final List<String> sshdOptions = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--dir" -> o.dir = Path.of(value(args, ++i, a)).toAbsolutePath();
                    case "--hosts" -> o.hosts = Integer.parseInt(value(args, ++i, a));
                    case "--kex" -> o.kex = orNull(value(args, ++i, a));
                    case "--max-startups" -> o.maxStartups = orNull(value(args, ++i, a));
                    case "--base" -> o.base = value(args, ++i, a);
                    case "--hosts-per-sshd" -> o.hostsPerSshd = Integer.parseInt(value(args, ++i, a));
                    case "--per-host-dirs" -> o.perHostDirs = true;
                    case "--release-service" -> o.releaseBase = value(args, ++i, a);
                    case "--sshd-option" -> o.sshdOptions.add(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.dir == null) {
                throw new IllegalArgumentException("--dir is required");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static String orNull(String v) {
            return v.equals("default") ? null : v;
        }
    }
}
