package dev.muster.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A fleet of in-process SSH hosts (Apache MINA SSHD), one server per host on its own loopback
 * address, all sharing one I/O thread pool. On start it writes, under {@link #dir()}:
 * <pre>
 * client/id_ed25519(.pub)   the key every host accepts (OpenSSH format, unencrypted, 0600)
 * known_hosts               "[address]:port ssh-ed25519 ..." for every host
 * inventory.yaml            muster's native inventory, with the builder's groups
 * hosts/NAME/               each host's directory (shell cwd and HOME, SFTP root)
 * </pre>
 */
public final class FakeFleet implements Fleet {

    private final Path dir;
    private final ClientKey clientKey;
    private final List<FakeHost> hosts;
    private final Map<String, List<String>> groups;
    private final SharedIo io;

    private FakeFleet(Path dir, ClientKey clientKey, List<FakeHost> hosts, Map<String, List<String>> groups,
                      SharedIo io) {
        this.dir = dir;
        this.clientKey = clientKey;
        this.hosts = List.copyOf(hosts);
        this.groups = groups;
        this.io = io;
    }

    public static FakeFleetBuilder builder() {
        return new FakeFleetBuilder();
    }

    static FakeFleet start(FakeFleetBuilder b) throws IOException {
        Path dir = b.dir() != null ? b.dir() : Files.createTempDirectory("muster-fleet");
        ClientKey key = ClientKey.generate(dir.resolve("client/id_ed25519"));
        List<HostSpec> specs = b.specs();
        LoopbackAddresses addresses = new LoopbackAddresses(b.baseAddress());
        List<InetSocketAddress> binds = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            int port = b.port() == 0 ? 0 : b.port() + (addresses.distinct() ? 0 : i);
            binds.add(new InetSocketAddress(addresses.next(), port));
        }
        SharedIo io = new SharedIo(b.ioThreads());
        HostServer.Settings settings = new HostServer.Settings(b.commandMode(), b.unknownCommands(), b.kex(),
                key.keyPair().getPublic());
        FakeHost[] hosts = new FakeHost[specs.size()];
        try {
            // host keys and servers are independent: build them on every core
            IntStream.range(0, specs.size()).parallel().forEach(i ->
                    hosts[i] = startHost(specs.get(i), binds.get(i), dir, b.user(), settings, io));
            FakeFleet fleet = new FakeFleet(dir, key, List.of(hosts), b.groups(), io);
            fleet.writeFiles(specs);
            return fleet;
        } catch (RuntimeException e) {
            new FakeFleet(dir, key, Arrays.stream(hosts).filter(Objects::nonNull).toList(), Map.of(), io).close();
            if (e instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        }
    }

    private static FakeHost startHost(HostSpec spec, InetSocketAddress bind, Path dir, String user,
                                      HostServer.Settings settings, SharedIo io) {
        try {
            Path hostDir = Files.createDirectories(dir.resolve("hosts").resolve(spec.name()));
            FakeHost host = new FakeHost(spec.name(), user, hostDir, spec.profile());
            HostServer server = new HostServer(host, settings, io);
            host.attach(server);
            server.start(bind);
            if (!spec.faults().isEmpty()) {
                host.setFaults(spec.faults().toArray(Fault[]::new));
            }
            return host;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name() + " on " + bind, e);
        }
    }

    private void writeFiles(List<HostSpec> specs) {
        KeyFiles.writeKnownHosts(knownHosts(), hosts.stream()
                .map(h -> new KeyFiles.Endpoint(h.endpoint(), h.hostKey().getPublic())).toList());
        List<InventoryHost> entries = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            FakeHost h = hosts.get(i);
            entries.add(new InventoryHost(h.name(), h.address(), h.port(), h.user(), specs.get(i).labels(),
                    specs.get(i).env()));
        }
        InventoryWriter.write(inventory(), entries, groups);
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public ClientKey clientKey() {
        return clientKey;
    }

    public List<FakeHost> hosts() {
        return hosts;
    }

    public FakeHost host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no host " + name + " in this fleet"));
    }

    /** Group name to member names, as written to the inventory. */
    public Map<String, List<String>> groups() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }

    /** Sum of every host's counters. */
    public HostCounters totals() {
        long accepted = 0;
        long authenticated = 0;
        long commands = 0;
        long open = 0;
        for (FakeHost h : hosts) {
            HostCounters c = h.counters();
            accepted += c.connectionsAccepted();
            authenticated += c.sessionsAuthenticated();
            commands += c.commandsRun();
            open += c.openSessions();
        }
        return new HostCounters(accepted, authenticated, commands, open);
    }

    /** Stops every host; files under {@link #dir()} are left for inspection. */
    @Override
    public void close() {
        for (FakeHost h : hosts) {
            try {
                h.stop();
            } catch (UncheckedIOException | IllegalStateException ignored) {
                // keep stopping the others
            }
        }
        io.close();
    }
}
