package dev.muster.cli.command;

import dev.muster.server.store.Database;
import dev.muster.server.store.PoolSettings;
import dev.muster.server.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * Where the server's store is, for the commands that work on it directly (schedule, token), so
 * they work with the server down: SQLite in {@code --data}, or PostgreSQL at {@code --store URL}.
 */
final class ServerStores {
    @Option(names = "--data", paramLabel = "DIR",
            description = "The server's data directory (its SQLite store). Default: $MUSTER_HOME, else ~/.muster.")
    Path data;

    @Option(names = "--store", paramLabel = "URL",
            description = "A shared PostgreSQL store (postgresql://user@host:port/db) instead of SQLite.")
    String store;

    @picocli.CommandLine.Mixin
    StorePassword password;

    private final CommandContext context;

    /** Made by picocli's factory with the command's context: its $MUSTER_HOME is the default --data. */
    ServerStores(CommandContext context) {
        this.context = context;
    }

    Store open() {
        return open(store, dataDir(store, data, context.home()), PoolSettings.DEFAULTS, password.file, null);
    }

    /**
     * PostgreSQL when {@code store} is a postgresql:// URL, else SQLite in {@code dir} (see
     * {@link #dataDir}). Warns on {@code err} (when given) about a password in the URL.
     */
    static Store open(String store, Path dir, PoolSettings pool, Path passwordFile, PrintWriter err) {
        boolean url = isUrl(store);
        if (url && err != null && Database.urlHasPassword(store)) {
            err.println("muster: warning: the store URL carries a password, which shows in ps and shell history; "
                    + "use --store-password-file, $PGPASSWORD or ~/.pgpass instead");
        }
        return Store.open(Database.of(url ? store : null, dir, pool, passwordFile), Clock.systemUTC());
    }

    /** Whether {@code store} is a PostgreSQL URL rather than a directory. */
    static boolean isUrl(String store) {
        return store != null && store.matches("^(jdbc:)?postgres(ql)?://.*");
    }

    /**
     * The server's data directory: {@code --data}, else {@code --store} when it is a directory, else
     * {@code home} (the command's $MUSTER_HOME or ~/.muster: {@link CommandContext#home}).
     */
    static Path dataDir(String store, Path data, Path home) {
        return data != null ? data : !isUrl(store) && store != null ? Path.of(store) : home;
    }

    /** Who is at the keyboard, for the audit log. */
    static String actor() {
        return System.getProperty("user.name") + " (cli)";
    }
}
