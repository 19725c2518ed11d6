package dev.muster.cli.command;

import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.Redactor;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.core.inventory.Selector;
import dev.muster.core.secret.SecretResolver;
import dev.muster.core.store.FileRunStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command works with, built from the common options: the inventory, the selected hosts
 * (with command-line overrides applied), the transport, the run store.
 */
final class Workspace implements AutoCloseable {
    private final CommandContext context;
    private final CommonOptions options;
    private final Terminal term;
    private Inventory inventory;
    /** The SSH settings, assembled once when the transport is first prepared (after a command set --compress). */
    private TransportOptions sshSettings;
    private java.util.concurrent.Future<Transport> transport;
    private FileRunStore store;
    private dev.muster.core.relay.RelayTransport relayTransport;
    private dev.muster.core.relay.RelayRoutes routes = dev.muster.core.relay.RelayRoutes.none();

    Workspace(CommonOptions options, Terminal term) {
        this.context = options.context();
        this.options = options;
        this.term = term;
    }

    CommonOptions options() {
        return options;
    }

    Terminal term() {
        return term;
    }

    synchronized Inventory inventory() {
        if (inventory == null) {
            Map<String, Object> extra = new LinkedHashMap<>(options.extraVars);
            inventory = new InventoryLoader().sshConfig(options.sshConfigFile()).varsDir(options.varsDir)
                    .extraVars(extra)
                    .secrets(new SecretResolver(options.vault.keys(), context.env(), context.secrets()))
                    .load(options.inventoryFiles());
        }
        return inventory;
    }

    /** Parses and evaluates the selector; no match is bad input (nothing would run). */
    List<Host> select(String selectorText) {
        Selector selector = Selector.parse(selectorText);
        HostSet names = selector.evaluate(inventory());
        if (names.isEmpty()) {
            throw new InputException("selector", 1, 1, "'" + selectorText + "' matches no host in the inventory");
        }
        return withOverrides(inventory().hosts(names));
    }

    /** -u and --identity win over what the inventory and ssh_config say. */
    List<Host> withOverrides(List<Host> hosts) {
        if (options.user == null && options.identities.isEmpty()) {
            return hosts;
        }
        List<Host> out = new ArrayList<>(hosts.size());
        for (Host h : hosts) {
            var ssh = h.ssh();
            if (options.user != null) {
                ssh = ssh.withUser(options.user);
            }
            if (!options.identities.isEmpty()) {
                ssh = ssh.withIdentityFiles(options.identities.stream().map(Object::toString).toList());
            }
            out.add(h.withSsh(ssh));
        }
        return out;
    }

    Redactor redactor() {
        return inventory().redactor();
    }

    /**
     * Starts building the SSH transport (MINA client, BouncyCastle, key loading) in the background,
     * so it overlaps with parsing the inventory and selector: a cold start pays for one, not both.
     */
    synchronized void prepareTransport() {
        if (transport == null) {
            FdBudget.current().check(options.forks);   // before any run is recorded or host contacted
            sshSettings = TransportOptions.of(options);
            TransportOptions settings = sshSettings;
            java.util.concurrent.FutureTask<Transport> task =
                    new java.util.concurrent.FutureTask<>(() -> context.transport(settings, this::resolveAlias));
            Thread.ofVirtual().name("muster-transport-init").start(task);
            transport = task;
        }
    }

    /**
     * Routes the selected hosts through relays (--via, else the inventory's relays: rules): from now
     * on {@link #transport()} reaches them through their relay. Returns the routes.
     */
    synchronized dev.muster.core.relay.RelayRoutes relayed(RelayOptions relay, List<Host> hosts) {
        relay.check();
        routes = relay.noRelays ? dev.muster.core.relay.RelayRoutes.none()
                : dev.muster.core.relay.RelayRoutes.of(inventory(), hosts, relay.via);
        if (!routes.isEmpty()) {
            Transport direct = directTransport();   // prepares it, and so the SSH settings
            TransportOptions settings = sshSettings;
            relayTransport = new dev.muster.core.relay.RelayTransport(direct, routes, relay.fallback(), hosts,
                    leaves -> knownHostsLines(leaves, settings.knownHosts()), settings.connectTimeout());
        }
        return routes;
    }

    /** The lines of the controller's known_hosts files that name these hosts (shipped to their relay). */
    private static List<String> knownHostsLines(List<Host> hosts, java.nio.file.Path knownHosts) {
        Map<java.nio.file.Path, List<String>> ids = new LinkedHashMap<>();
        for (Host h : hosts) {
            java.nio.file.Path file = knownHosts != null ? knownHosts
                    : h.ssh().knownHostsFile() != null ? expandHome(h.ssh().knownHostsFile())
                    : java.nio.file.Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
            ids.computeIfAbsent(file, f -> new ArrayList<>()).add(dev.muster.core.relay.KnownHostsExcerpt.hostId(
                    dev.muster.core.relay.LeafSsh.address(h), h.ssh().portOrDefault()));
        }
        List<String> out = new ArrayList<>();
        ids.forEach((file, hostIds) -> {
            try {
                out.addAll(dev.muster.core.relay.KnownHostsExcerpt.select(java.nio.file.Files.readAllLines(file), hostIds));
            } catch (java.io.IOException e) {
                // no file: the relay's ssh then knows no leaf key and refuses every leaf (host key unknown)
            }
        });
        return out;
    }

    private static java.nio.file.Path expandHome(String path) {
        return path.startsWith("~/") ? java.nio.file.Path.of(System.getProperty("user.home"), path.substring(2))
                : java.nio.file.Path.of(path);
    }

    Transport transport() {
        return relayTransport != null ? relayTransport : directTransport();
    }

    private Transport directTransport() {
        prepareTransport();
        try {
            return transport.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.muster.core.RunException("interrupted while starting the SSH client", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new dev.muster.core.RunException("cannot start the SSH client: " + e.getCause(), e.getCause());
        }
    }

    private dev.muster.core.inventory.SshOptions resolveAlias(String alias) {
        return inventory().resolveAlias(alias);
    }

    FileRunStore store() {
        if (store == null) {
            store = new FileRunStore(options.storeDir());
        }
        return store;
    }

    @Override
    public void close() {
        if (relayTransport != null) {
            relayTransport.close();  // closes the direct transport too
        } else if (transport != null) {
            transport().close();
        }
    }
}
