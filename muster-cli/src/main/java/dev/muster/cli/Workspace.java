package dev.muster.cli;

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
    private final CommonOptions options;
    private final Terminal term;
    private Inventory inventory;
    private java.util.concurrent.Future<Transport> transport;
    private FileRunStore store;

    Workspace(CommonOptions options, Terminal term) {
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
                    .secrets(new SecretResolver(options.vault.keys(), CommandEnvironment.get(), CommandSecrets.known()))
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
            java.util.concurrent.FutureTask<Transport> task =
                    new java.util.concurrent.FutureTask<>(() -> Transports.forCommand(options, this::resolveAlias));
            Thread.ofVirtual().name("muster-transport-init").start(task);
            transport = task;
        }
    }

    Transport transport() {
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
        if (transport != null) {
            transport().close();
        }
    }
}
