package dev.muster.cli.persist;

import dev.muster.cli.command.CommandContext;
import dev.muster.cli.command.TransportOptions;
import dev.muster.core.exec.Connection;
import dev.muster.core.exec.PoolStats;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.SshOptions;
import dev.muster.ssh.SshTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The persist daemon's SSH transports, kept between commands so their pooled sessions are reused
 * (what OpenSSH's ControlPersist does for one host, for the whole fleet).
 *
 * <p>A transport is shared only by commands that would have built the same one: same options, and
 * the same contents of every file it trusts (known_hosts, identities, ssh_config, inventories),
 * judged by size, time and inode. Editing known_hosts therefore retires the sessions verified
 * against the old one: the next command connects and checks host keys again.
 */
final class SharedTransports implements CommandContext.SharedSessions, AutoCloseable {
    /** What makes two commands' transports interchangeable. */
    record Key(boolean acceptNew, Duration connectTimeout, List<String> files) {
        static Key of(TransportOptions o) {
            var defaults = dev.muster.ssh.SshTransportConfig.defaults();
            List<String> files = new ArrayList<>();
            files.add("known_hosts " + stamp(o.knownHosts() != null ? o.knownHosts() : defaults.knownHostsFile()));
            List<Path> ids = new ArrayList<>(defaults.identityFiles());
            ids.addAll(o.identities());
            for (Path id : ids) {
                files.add("identity " + stamp(id));
            }
            files.add("ssh_config " + stamp(o.sshConfig()));
            for (Path inv : o.inventories()) {
                files.add("inventory " + stamp(inv));
            }
            files.add("compress " + o.compress());
            return new Key(o.acceptNew(), o.connectTimeout(), List.copyOf(files));
        }

        private static String stamp(Path file) {
            if (file == null) {
                return "-";
            }
            Path abs = file.toAbsolutePath().normalize();
            try {
                BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class);
                return abs + " " + a.size() + " " + a.lastModifiedTime().toMillis() + " " + a.fileKey();
            } catch (IOException e) {
                return abs + " absent";
            }
        }
    }

    private static final int KEEP_UNUSED = 4;

    private final Duration persist;
    private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    SharedTransports(Duration persist) {
        this.persist = persist;
    }

    private static final class Entry {
        final Transport transport;
        final AtomicReference<Function<String, SshOptions>> aliases;
        int users;

        Entry(Transport transport, AtomicReference<Function<String, SshOptions>> aliases) {
            this.transport = transport;
            this.aliases = aliases;
        }
    }

    /**
     * The shared transport for these options, made the first time with an alias resolver that
     * follows the newest command's inventory. The returned view releases it on close.
     */
    @Override
    public synchronized Transport acquire(TransportOptions options, Function<String, SshOptions> aliases) {
        Key key = Key.of(options);
        Entry e = entries.get(key);
        if (e == null) {
            AtomicReference<Function<String, SshOptions>> ref = new AtomicReference<>(aliases);
            e = new Entry(new SshTransport(options.persistent(alias -> ref.get().apply(alias), persist)), ref);
            entries.put(key, e);
        } else {
            // same key, same inventory contents: any of its users resolves an alias the same way
            e.aliases.set(aliases);
        }
        e.users++;
        retireUnused();
        return new Lease(e);
    }

    /** Keeps the most recently used unused transports; closes older ones (their sessions with them). */
    private void retireUnused() {
        List<Key> unused = new ArrayList<>();
        entries.forEach((k, v) -> {
            if (v.users == 0) {
                unused.add(k);
            }
        });
        for (int i = 0; i < unused.size() - KEEP_UNUSED; i++) {
            entries.remove(unused.get(i)).transport.close();
        }
    }

    private synchronized void release(Entry e) {
        e.users--;
    }

    /** Sessions open across every shared transport, for `muster persist status`. */
    synchronized PoolStats stats() {
        int active = 0, idle = 0, waiting = 0;
        long created = 0, failed = 0;
        for (Entry e : entries.values()) {
            PoolStats s = e.transport.stats();
            active += s.active();
            idle += s.idle();
            waiting += s.waiting();
            created += s.created();
            failed += s.failed();
        }
        return new PoolStats(active, idle, waiting, created, failed);
    }

    synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized void close() {
        for (Entry e : entries.values()) {
            e.transport.close();
        }
        entries.clear();
    }

    private final class Lease implements Transport {
        private final Entry entry;
        private boolean released;

        Lease(Entry entry) {
            this.entry = entry;
        }

        @Override
        public Connection connect(Host host) throws StepFailure, InterruptedException {
            return entry.transport.connect(host);
        }

        @Override
        public PoolStats stats() {
            return entry.transport.stats();
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                release(entry);
            }
        }
    }
}
