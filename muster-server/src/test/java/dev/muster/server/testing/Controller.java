package dev.muster.server.testing;

import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.core.local.LocalTransport;
import dev.muster.server.engine.EngineSettings;
import dev.muster.server.http.MusterServer;
import dev.muster.server.http.ServerConfig;
import dev.muster.server.store.Database;
import dev.muster.server.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One controller as its own process, for tests that kill it for real (SIGKILL): {@code muster
 * serve} on a PostgreSQL store (API, engine, scheduler) with commands run by {@code /bin/sh} on
 * this machine. Prints {@code ready PORT} once it serves.
 *
 * <p>Arguments: store URL, server id, inventory file, plans directory, lease in milliseconds.
 */
public final class Controller {
    private Controller() {
    }

    public static void main(String[] args) throws Exception {
        Store store = Store.open(Database.postgresql(args[0]), Clock.systemUTC());
        EngineSettings engine = new EngineSettings(new LocalTransport(), t -> List.of(), ExecutorOptions.defaults(),
                args[1], 4, Duration.ofMillis(200), EngineSettings.DEFAULT_MAX_OUTPUT_PER_HOST,
                Duration.ofMillis(Long.parseLong(args[4])));
        ServerConfig config = new ServerConfig(store, new InventoryLoader().load(Path.of(args[2])), engine)
                .listen("127.0.0.1", 0).plans(Path.of(args[3])).upkeep(false);
        MusterServer server = MusterServer.start(config);
        System.out.println("ready " + server.port());
        System.out.flush();
        new CountDownLatch(1).await(); // until killed
    }
}
