package dev.muster.server.testing;

import dev.muster.server.store.Database;
import dev.muster.server.store.PoolSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server from Debian's packages ({@code /usr/lib/postgresql/<ver>/bin}), started
 * once per test JVM on 127.0.0.1 with its data in a temp directory, and stopped at JVM exit. As
 * root it runs as {@code nobody} (postgres refuses root). Each test gets a fresh database.
 * Tests are skipped when it cannot start, and fail instead when MUSTER_REQUIRE_POSTGRES=1.
 *
 * <p>User {@value #USER} logs in without a password (trust); user {@value #PASSWORD_USER} needs
 * {@link #PASSWORD} (scram-sha-256). Every connection is logged, so tests can count them
 * ({@link #connectionsOpened}). A test that stops the server starts a {@link #startPrivate() private} one.
 */
public final class PostgresServer implements AutoCloseable {
    static final String REQUIRE_ENV = "MUSTER_REQUIRE_POSTGRES";
    private static final String USER = "muster";
    public static final String PASSWORD_USER = "muster_pw";
    public static final String PASSWORD = "pw-Hx7:q\\s3cr3t";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static PostgresServer shared;
    private static String unavailable;

    private final Path bin;
    private final Path dir;
    private final List<String> asUser;
    private final int port;
    private volatile Process process;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin, Path dir, List<String> asUser, int port) {
        this.bin = bin;
        this.dir = dir;
        this.asUser = asUser;
        this.port = port;
    }

    /** The shared server, started on first use; skips (or fails, see class doc) when it cannot be. */
    public static synchronized PostgresServer shared() {
        if (shared == null && unavailable == null) {
            try {
                shared = start();
                Runtime.getRuntime().addShutdownHook(new Thread(shared::stopAndDelete, "stop-test-postgres"));
            } catch (IOException | SQLException | IllegalStateException e) {
                unavailable = "PostgreSQL did not start: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable = "interrupted while starting PostgreSQL";
            }
        }
        if (shared == null) {
            gate(unavailable, System.getenv());
        }
        return shared;
    }

    static void gate(String reason, Map<String, String> env) {
        if ("1".equals(env.get(REQUIRE_ENV))) {
            Assertions.fail(REQUIRE_ENV + "=1 but " + reason);
        }
        Assumptions.abort(reason + " (install Debian's postgresql package to run these tests)");
    }

    /**
     * A server of the test's own, for tests that stop and start it: skipped or failed like
     * {@link #shared()} when PostgreSQL cannot start. Close it at the end.
     */
    public static PostgresServer startPrivate() {
        try {
            return start();
        } catch (IOException | SQLException | IllegalStateException e) {
            gate("PostgreSQL did not start: " + e.getMessage(), System.getenv());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gate("interrupted while starting PostgreSQL", System.getenv());
        }
        throw new IllegalStateException("unreachable");
    }

    /** A new, empty database on the shared server. */
    public Database freshDatabase() {
        return Database.postgresql(url(freshDatabaseName()));
    }

    /** A new, empty database with this pool. */
    public Database freshDatabase(PoolSettings pool) {
        return Database.postgresql(url(freshDatabaseName()), pool, null);
    }

    /** Creates a new, empty database and returns its name. */
    public String freshDatabaseName() {
        String name = "t" + databases.incrementAndGet();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database: " + e.getMessage(), e);
        }
        return name;
    }

    public int port() {
        return port;
    }

    /** How many connections to {@code database} the server has authorized since it started (from its log). */
    public long connectionsOpened(String database) throws IOException {
        String marker = "connection authorized: user=";
        String db = " database=" + database + " ";
        try (Stream<String> lines = Files.lines(dir.resolve("postgres.log"))) {
            return lines.filter(l -> l.contains(marker) && (l + " ").contains(db)).count();
        }
    }

    /** Stops the server (fast shutdown: sessions are ended, as in a restart); {@link #restart()} brings it back. */
    public void stop() throws IOException, InterruptedException {
        run(command(asUser, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                "-m", "fast", "-w", "stop"), dir.resolve("pg_ctl.log"));
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the stopped server again on the same port and data, and waits until it accepts connections. */
    public void restart() throws IOException, InterruptedException {
        launch();
        awaitReady();
    }

    public String url(String database) {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + database;
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER);
    }

    private static PostgresServer start() throws IOException, SQLException, InterruptedException {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException(
                "no PostgreSQL binaries under /usr/lib/postgresql/*/bin"));
        Path dir = Files.createTempDirectory("muster-pg");
        List<String> asUser = List.of();
        if ("root".equals(System.getProperty("user.name"))) {
            asUser = List.of(runuser(), "-u", "nobody", "--");
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName("nobody"));
        }
        Path data = dir.resolve("data");
        run(command(asUser, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                "--no-locale", "-E", "UTF8", "--no-sync"), dir.resolve("initdb.log"));
        Path hba = data.resolve("pg_hba.conf");
        Files.writeString(hba, "host all " + PASSWORD_USER + " 127.0.0.1/32 scram-sha-256\n" + Files.readString(hba));
        PostgresServer server = new PostgresServer(bin, dir, asUser, freePort());
        server.launch();
        server.awaitReady();
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + PASSWORD_USER + " LOGIN CREATEDB PASSWORD '" + PASSWORD.replace("'", "''") + "'");
        }
        return server;
    }

    private void launch() throws IOException {
        // appended to, so a restart keeps the log of the connections before it
        process = new ProcessBuilder(command(asUser, bin.resolve("postgres").toString(), "-D",
                dir.resolve("data").toString(), "-k", dir.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=100", "-c", "log_connections=on"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile())).start();
    }

    @Override
    public void close() {
        stopAndDelete();
    }

    private void awaitReady() throws IOException, InterruptedException {
        Process process = this.process;
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            try {
                connect("postgres").close();
                return;
            } catch (SQLException e) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    stopAndDelete();
                    throw new IllegalStateException("postgres is not ready: " + e.getMessage() + "; log: "
                            + Files.readString(dir.resolve("postgres.log")));
                }
                Thread.sleep(50); // only while the server starts
            }
        }
    }

    private void stopAndDelete() {
        try {
            run(command(asUser, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-m", "immediate", "-w", "stop"), dir.resolve("pg_ctl.log"));
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException | IllegalStateException e) {
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is no reason to fail a build
        }
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }

    private static List<String> command(List<String> prefix, String... args) {
        List<String> out = new ArrayList<>(prefix);
        out.addAll(List.of(args));
        return out;
    }

    static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparing(PostgresServer::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String runuser() {
        for (String p : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new IllegalStateException("running as root, and no runuser to start postgres as nobody");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
