package dev.muster.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * A fleet of real OpenSSH sshd processes on loopback addresses, for integration tests and
 * benchmarks. On start it writes, under {@link #dir()}:
 * <pre>
 * client/id_ed25519(.pub)  the key every host accepts (OpenSSH format, unencrypted, 0600)
 * authorized_keys          that key, read by every sshd (AuthorizedKeysFile)
 * known_hosts              "[address]:port ssh-ed25519 ..." for every host
 * inventory.yaml           muster's native inventory (user root, or the current user without root)
 * sshd/UNIT/               sshd_config, ssh_host_ed25519_key(.pub), sshd.pid, sshd.log per sshd
 * hosts/NAME/              PER_HOST only: the host's private root, tmp/muster-host, srv, opt
 * </pre>
 * {@link #close()} (also run by a shutdown hook) stops every sshd and its per-connection children.
 */
public final class OpenSshFleet implements Fleet {

    private static final System.Logger LOG = System.getLogger(OpenSshFleet.class.getName());

    private final Path dir;
    private final Isolation isolation;
    private final String user;
    private final ClientKey clientKey;
    private final List<OpenSshHost> hosts;
    private final List<SshdUnit> units;
    private final Thread shutdownHook;

    private OpenSshFleet(Path dir, Isolation isolation, String user, ClientKey clientKey, List<OpenSshHost> hosts,
                         List<SshdUnit> units) {
        this.dir = dir;
        this.isolation = isolation;
        this.user = user;
        this.clientKey = clientKey;
        this.hosts = List.copyOf(hosts);
        this.units = List.copyOf(units);
        this.shutdownHook = new Thread(this::stopAll, "muster-sshd-fleet-stop");
    }

    public static OpenSshFleetBuilder builder() {
        return new OpenSshFleetBuilder();
    }

    /** Why no real sshd fleet can start here (no sshd, not Linux, ...), or empty if one can. */
    public static Optional<String> unavailableReason() {
        return SshdEnvironment.fleetProblem(SshdEnvironment.DEFAULT_SSHD);
    }

    /** Why hosts cannot get private directories here (not root, no unshare, ...), or empty. */
    public static Optional<String> perHostDirsUnavailableReason() {
        return SshdEnvironment.perHostProblem(SshdEnvironment.DEFAULT_SSHD);
    }

    /**
     * For JUnit tests: aborts (skips) the test when no fleet can start here, or fails it when the
     * environment variable MUSTER_REQUIRE_SSHD=1 says CI must not skip. Needs junit-jupiter-api.
     */
    public static void assumeAvailable() {
        OpenSshAssumptions.assumeAvailable();
    }

    static OpenSshFleet start(OpenSshFleetBuilder b) throws IOException {
        SshdEnvironment.fleetProblem(b.sshd()).ifPresent(reason -> {
            throw new IllegalStateException("cannot start an OpenSSH fleet: " + reason);
        });
        Optional<String> perHostProblem = SshdEnvironment.perHostProblem(b.sshd());
        Isolation isolation = b.perHostDirs() && perHostProblem.isEmpty() ? Isolation.PER_HOST : Isolation.SHARED;
        if (b.perHostDirs() && perHostProblem.isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "OpenSSH fleet runs SHARED, without per-host directories: "
                    + perHostProblem.get());
        }
        Path dir = b.dir() != null ? b.dir() : Files.createTempDirectory("muster-sshd-fleet");
        boolean root = SshdEnvironment.isRoot();
        String user = root ? "root" : System.getProperty("user.name");
        ClientKey key = ClientKey.generate(dir.resolve("client/id_ed25519"));
        Path authorized = dir.resolve("authorized_keys");
        KeyFiles.write(authorized, KeyFiles.publicLine(key.keyPair().getPublic()) + " muster-testkit\n");
        List<OpenSshHost> hosts = plan(b);
        SshdUnits factory = new SshdUnits(b, dir, authorized, root);
        List<SshdUnit> units = isolation == Isolation.PER_HOST ? factory.perHost(hosts) : factory.shared(hosts);
        OpenSshFleet fleet = new OpenSshFleet(dir, isolation, user, key, hosts, units);
        fleet.launch(b.startTimeout());
        try {
            KeyFiles.writeKnownHosts(fleet.knownHosts(), factory.endpoints());
            InventoryWriter.write(fleet.inventory(), hosts.stream()
                    .map(h -> new InventoryHost(h.name(), h.address(), h.port(), user, Map.of(), null)).toList(),
                    b.groups());
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    private static List<OpenSshHost> plan(OpenSshFleetBuilder b) throws IOException {
        LoopbackAddresses addresses = new LoopbackAddresses(b.baseAddress());
        if (!addresses.distinct()) {
            throw new IllegalStateException("cannot bind " + b.baseAddress() + ": real sshd fleets need 127.0.x.y addresses");
        }
        List<OpenSshHost> hosts = new ArrayList<>();
        for (int i = 1; i <= b.hosts(); i++) {
            String address = addresses.next();
            hosts.add(new OpenSshHost(b.namePrefix() + HostNames.pad(i, b.hosts()), address, freePort(address)));
        }
        return hosts;
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        }
    }

    private void launch(Duration timeout) throws IOException {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            units.get(0).test();
            for (SshdUnit u : units) {
                u.start();
            }
            awaitListening(timeout);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting sshd", e);
        }
    }

    private void awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<InetSocketAddress> pending = new HashSet<>();
        hosts.forEach(h -> pending.add(h.endpoint()));
        while (!pending.isEmpty()) {
            pending.removeAll(ListeningSockets.listening(List.copyOf(pending)));
            for (SshdUnit u : units) {
                if (!u.isAlive()) {
                    throw new IOException(u + " exited during start-up:\n" + u.logTail());
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(pending.size() + " sshd endpoints not listening after " + timeout + ", e.g. "
                        + pending.iterator().next());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public Path dir() {
        return dir;
    }

    public Isolation isolation() {
        return isolation;
    }

    /** The login user: root, or without root the user running this JVM. */
    public String user() {
        return user;
    }

    @Override
    public ClientKey clientKey() {
        return clientKey;
    }

    public List<OpenSshHost> hosts() {
        return hosts;
    }

    public OpenSshHost host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no host " + name + " in this fleet"));
    }

    /**
     * The controller-side directory holding host {@code name}'s private directories: remote /srv/x
     * is {@code hostDir(name).resolve("srv/x")}; also root/ (HOME), opt/ and tmp/muster-host/.
     *
     * @throws IllegalStateException in a {@link Isolation#SHARED} fleet, whose hosts share one file system
     */
    public Path hostDir(String name) {
        if (isolation != Isolation.PER_HOST) {
            throw new IllegalStateException("hosts of a SHARED fleet have no private directories: "
                    + perHostDirsUnavailableReason().orElse("perHostDirs(false) was asked for"));
        }
        return dir.resolve("hosts").resolve(host(name).name());
    }

    /** The controller-side path of an absolute path on a host, e.g. hostPath("host03", "/srv/app/x"). */
    public Path hostPath(String name, String remotePath) {
        return PrivateDirs.resolve(hostDir(name), remotePath);
    }

    /** Number of sshd listener processes (one per host, or one per up to 16 hosts). */
    public int sshdCount() {
        return units.size();
    }

    /** Stops every sshd and its per-connection children; files are left for inspection. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void stopAll() {
        List<ProcessHandle> all = new ArrayList<>();
        units.forEach(u -> all.addAll(u.terminate()));
        SshdUnit.awaitExit(all, Duration.ofSeconds(10));
    }
}
