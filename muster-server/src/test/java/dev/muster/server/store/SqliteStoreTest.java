package dev.muster.server.store;

import java.nio.file.Path;

class SqliteStoreTest extends StoreContract {
    @Override
    Database newDatabase(Path dir) {
        return Database.sqlite(dir.resolve("data"));
    }
}
