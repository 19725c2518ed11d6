package dev.muster.server.store;

import dev.muster.server.testing.PostgresServer;
import java.nio.file.Path;

class PostgresStoreTest extends StoreContract {
    @Override
    Database newDatabase(Path dir) {
        return PostgresServer.shared().freshDatabase();
    }
}
