package dev.muster.testkit;

import java.nio.file.Path;

/** What a client needs to reach any fleet: its inventory, its hosts' keys and a key they accept. */
public interface Fleet extends AutoCloseable {

    /** Where the fleet's files are. */
    Path dir();

    /** muster's native inventory of every host. */
    default Path inventory() {
        return dir().resolve("inventory.yaml");
    }

    /** known_hosts listing every host's key. */
    default Path knownHosts() {
        return dir().resolve("known_hosts");
    }

    /** The key every host accepts. */
    ClientKey clientKey();

    @Override
    void close();
}
