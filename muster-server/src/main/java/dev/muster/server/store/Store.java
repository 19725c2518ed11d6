package dev.muster.server.store;

import java.time.Clock;

/**
 * The server's store, opened and migrated: runs (with their queue, output and retention),
 * schedules, the audit log, API tokens and users. Each call is its own transaction on a
 * connection from the database's pool, so a Store is safe to share between threads. Closing it
 * closes its database's pool (and so every other Store opened on the same {@link Database}).
 */
public final class Store implements AutoCloseable {
    private final Jdbc jdbc;
    private final JdbcRunStore runs;
    private final RunQueue queue;
    private final RunRetention retention;
    private final JdbcScheduleStore schedules;
    private final AuditLog audit;
    private final ApiTokens tokens;
    private final Users users;
    private final Grants grants;
    private final Sessions sessions;
    private final DeadLetters deadLetters;
    private final LiveOutputs liveOutputs;

    private Store(Database db, Clock clock, int chunkChars, int passwordIterations) {
        this.jdbc = new Jdbc(db);
        StoreJson json = new StoreJson();
        this.runs = new JdbcRunStore(jdbc, clock, json, new RunOutput(jdbc, chunkChars));
        this.queue = new RunQueue(jdbc, runs, clock);
        this.retention = new RunRetention(jdbc, clock);
        this.schedules = new JdbcScheduleStore(jdbc, runs, clock, json);
        this.audit = new AuditLog(jdbc, clock);
        this.tokens = new ApiTokens(jdbc, clock);
        this.users = new Users(jdbc, clock, passwordIterations);
        this.grants = new Grants(jdbc, clock);
        this.sessions = new Sessions(jdbc, clock);
        this.deadLetters = new DeadLetters(db, clock);
        this.liveOutputs = new LiveOutputs(jdbc);
    }

    /**
     * Opens the store and brings its schema up to date.
     *
     * @throws dev.muster.core.RunException when the database cannot be reached or migrated, or its
     *                                      schema is newer than this muster
     */
    public static Store open(Database db, Clock clock) {
        return open(db, clock, RunOutput.DEFAULT_CHUNK_CHARS, Users.DEFAULT_ITERATIONS);
    }

    /** As {@link #open(Database, Clock)}, with the output chunk size and password hashing cost given (tests lower it). */
    public static Store open(Database db, Clock clock, int chunkChars, int passwordIterations) {
        Store store = new Store(db, clock, chunkChars, passwordIterations);
        new Migrator(store.jdbc, Migration.bundled(db.dialect()), clock).migrate();
        return store;
    }

    /**
     * Keeps the secrets of {@code inventory} out of this store from now on: masked in the audit
     * log, sealed ({@link SecretRefs}) in schedules; and seals what is already stored (runs'
     * specs and commands, schedules' targets, as an older muster wrote them). Returns how many
     * runs and schedules it rewrote.
     */
    public int guardSecrets(dev.muster.core.inventory.Inventory inventory) {
        SecretRefs secrets = SecretRefs.of(inventory);
        audit.maskWith(inventory.redactor());
        schedules.sealWith(secrets);
        return schedules.sealStored() + runs.rewriteStored(secrets::resealMap, secrets::display);
    }

    /** Output of running runs as it comes, for the other servers of a shared store. */
    public LiveOutputs liveOutputs() {
        return liveOutputs;
    }

    public Database database() {
        return jdbc.database();
    }

    public JdbcRunStore runs() {
        return runs;
    }

    public RunQueue queue() {
        return queue;
    }

    public RunRetention retention() {
        return retention;
    }

    public RunOutput output() {
        return runs.output();
    }

    public JdbcScheduleStore schedules() {
        return schedules;
    }

    public AuditLog audit() {
        return audit;
    }

    public ApiTokens tokens() {
        return tokens;
    }

    public Users users() {
        return users;
    }

    /** Roles per subject and environment (schema V2). */
    public Grants grants() {
        return grants;
    }

    /** Host steps that failed for good, until requeued or discarded (schema V8). */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** Dashboard login sessions (schema V2). */
    public Sessions sessions() {
        return sessions;
    }

    /** Closes the database's connection pool. */
    @Override
    public void close() {
        jdbc.database().close();
    }
}
