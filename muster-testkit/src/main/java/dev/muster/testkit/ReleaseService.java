package dev.muster.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The service a test host runs once a release is deployed to it: a tiny HTTP server on the host's
 * own loopback address serving {@code BASE/current} (a symlink to {@code releases/ID}), so deploy
 * tests can gate on it and see a switch. {@code base} is the controller-visible directory; every
 * request reads {@code current} afresh, so re-pointing the link shows at once.
 *
 * <ul>
 * <li>{@code GET /health}: the status in the first line of {@code current/health} (200 when there is
 *     no such file), body {@code ok ID} for a status below 400, {@code failing ID} otherwise;</li>
 * <li>{@code GET /version}: 200, the release id (the link target's last segment);</li>
 * <li>{@code GET /PATH}: that file of the release, 404 when it has none;</li>
 * <li>any of these with no {@code current}: 503 "no current release".</li>
 * </ul>
 *
 * <p>A link written on the host may be absolute ({@code /srv/app/releases/ID}): with
 * {@code hostBase} ("/srv/app") it is read as a path under {@code base}.
 */
public final class ReleaseService implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Path base;
    private final Path hostBase;

    private ReleaseService(InetSocketAddress at, Path base, String hostBase) throws IOException {
        this.base = base.toAbsolutePath().normalize();
        this.hostBase = hostBase == null ? null : Path.of(hostBase).normalize();
        server = HttpServer.create(at, 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code base} on {@code bind}:{@code port} (0 for any free port); links in it are relative. */
    public static ReleaseService start(InetAddress bind, int port, Path base) {
        return start(bind, port, base, null);
    }

    /** As {@link #start(InetAddress, int, Path)}; absolute links under {@code hostBase} map into {@code base}. */
    public static ReleaseService start(InetAddress bind, int port, Path base, String hostBase) {
        try {
            return new ReleaseService(new InetSocketAddress(bind, port), base, hostBase);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind.getHostAddress() + ":" + port, e);
        }
    }

    /**
     * Host {@code host} of a per-host fleet serving its own {@code hostBase} (e.g. "/srv/app", a path
     * in one of its private directories) on its address.
     */
    public static ReleaseService onHost(OpenSshFleet fleet, String host, String hostBase, int port) {
        return start(address(fleet.host(host).address()), port, fleet.hostPath(host, hostBase), hostBase);
    }

    /**
     * One service per host of {@code fleet}, all on the same port so one URL template
     * ({@code http://{address}:PORT/health}) reaches each; retries when the port is taken somewhere.
     */
    public static List<ReleaseService> onEveryHost(OpenSshFleet fleet, String hostBase) {
        for (int attempt = 0; ; attempt++) {
            List<ReleaseService> started = new ArrayList<>();
            try {
                for (OpenSshHost h : fleet.hosts()) {
                    int port = started.isEmpty() ? 0 : started.getFirst().port();
                    started.add(new ReleaseService(new InetSocketAddress(address(h.address()), port),
                            fleet.hostPath(h.name(), hostBase), hostBase));
                }
                return started;
            } catch (IOException e) {
                started.forEach(ReleaseService::close);
                if (attempt >= 20) {
                    throw new UncheckedIOException("no common free port for " + fleet.hosts().size() + " hosts", e);
                }
            }
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + literal, e);
        }
    }

    public InetAddress address() {
        return server.getAddress().getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** e.g. http://127.0.5.3:40123 */
    public String url() {
        return "http://" + address().getHostAddress() + ":" + port();
    }

    /** The controller-visible directory holding {@code current}. */
    public Path base() {
        return base;
    }

    /** The release {@code current} points to now: its id and its directory. */
    private record Release(String id, Path dir) {
    }

    private Release current() throws IOException {
        Path link = base.resolve("current");
        if (!Files.isSymbolicLink(link)) {
            return Files.isDirectory(link) ? new Release("current", link) : null;
        }
        Path target = Files.readSymbolicLink(link);
        Path dir = (!target.isAbsolute() ? base.resolve(target)
                : hostBase != null && target.normalize().startsWith(hostBase)
                ? base.resolve(hostBase.relativize(target.normalize())) : target).normalize();
        Path name = target.getFileName();
        return name != null && Files.isDirectory(dir) ? new Release(name.toString(), dir) : null;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                send(ex, 405, "GET only\n");
                return;
            }
            Release release = current();
            if (release == null) {
                send(ex, 503, "no current release in " + base + "\n");
                return;
            }
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/health" -> health(ex, release);
                case "/version" -> send(ex, 200, release.id());
                default -> file(ex, release, path);
            }
        }
    }

    private static void health(HttpExchange ex, Release release) throws IOException {
        Path file = release.dir().resolve("health");
        int status = 200;
        if (Files.isRegularFile(file)) {
            String first = Files.readString(file).strip().lines().findFirst().orElse("").strip();
            try {
                status = Integer.parseInt(first);
            } catch (NumberFormatException e) {
                send(ex, 500, "bad health file in release " + release.id() + ": '" + first + "'\n");
                return;
            }
        }
        send(ex, status, (status < 400 ? "ok " : "failing ") + release.id());
    }

    private static void file(HttpExchange ex, Release release, String path) throws IOException {
        Path file = release.dir().resolve(path.substring(1)).normalize();
        if (!file.startsWith(release.dir()) || !Files.isRegularFile(file)) {
            send(ex, 404, "not found: " + path + "\n");
            return;
        }
        send(ex, 200, Files.readAllBytes(file));
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head) {
            ex.getResponseBody().write(body);
        }
    }

    /** Stops listening; further connections are refused. */
    @Override
    public void close() {
        server.stop(0);
        threads.close();
    }
}
