package dev.muster.server.store;

/** The two databases the store runs on; where their SQL differs, the store asks its dialect. */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String key;

    Dialect(String key) {
        this.key = key;
    }

    /** Lower-case name, also the folder of this dialect's migration scripts. */
    public String key() {
        return key;
    }
}
