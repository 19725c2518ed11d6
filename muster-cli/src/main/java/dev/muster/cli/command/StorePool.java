package dev.muster.cli.command;

import dev.muster.server.store.PoolSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code muster serve}'s PostgreSQL connection pool. Defaults are {@link PoolSettings#DEFAULTS}
 * (a test holds them equal). Size: every server holds up to --store-pool-size connections, so
 * servers x size must stay below PostgreSQL's max_connections minus its reserved ones and room
 * for psql, backups and monitoring.
 */
final class StorePool {
    @Option(names = "--store-pool-size", paramLabel = "N", defaultValue = "10",
            description = "Most PostgreSQL connections this server holds (default ${DEFAULT-VALUE}). Servers x N must "
                    + "stay below the database's max_connections (100 by default) minus headroom.")
    int size;

    @Option(names = "--store-pool-min-idle", paramLabel = "N", defaultValue = "2",
            description = "PostgreSQL connections kept open while the server is quiet (default ${DEFAULT-VALUE}).")
    int minIdle;

    @Option(names = "--store-connection-timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Longest wait for a store connection; past it the request fails with 503 "
                    + "(default ${DEFAULT-VALUE}, at least 250ms).")
    Duration connectionTimeout;

    @Option(names = "--store-idle-timeout", paramLabel = "DURATION", defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Close connections idle this long, above the minimum (default ${DEFAULT-VALUE}; 0 never).")
    Duration idleTimeout;

    @Option(names = "--store-max-lifetime", paramLabel = "DURATION", defaultValue = "30m",
            converter = DurationConverter.class,
            description = "Replace each connection after this long (default ${DEFAULT-VALUE}; 0 never); keep it "
                    + "below any idle cut-off of a proxy or firewall in between.")
    Duration maxLifetime;

    PoolSettings settings() {
        return new PoolSettings(size, minIdle, connectionTimeout, idleTimeout, maxLifetime);
    }
}
