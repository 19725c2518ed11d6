package dev.muster.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * A tiny HTTP(S) server on one loopback address, for health-check tests: told to answer 200,
 * 500, slowly, not at all (hold the request), alternately 200 and 500, or to stop listening.
 * Built on the JDK's com.sun.net.httpserver. {@link #tls} serves HTTPS with a self-signed
 * certificate for its address (see {@link SelfSignedCert}).
 */
public final class HttpTarget implements AutoCloseable {
    /** How the target answers every request until told otherwise. */
    public sealed interface Mode {
    }

    /** Answer {@code status} with {@code body} (and a {@code Content-Type: application/json} header). */
    public record Answer(int status, String body) implements Mode {
    }

    /** Wait {@code delay}, then answer 200. */
    public record Slow(Duration delay) implements Mode {
    }

    /** Accept the request and never answer (until the mode changes or the target closes). */
    public record Hang() implements Mode {
    }

    /** 200 and 500 in turn, starting with 200 when set: a flapping service, deterministic. */
    public record Alternate() implements Mode {
    }

    /** 500 for the first {@code failures} requests after it is set, then 200: a service still starting. */
    public record FailFirst(int failures) implements Mode {
    }

    public static final Mode OK = new Answer(200, "{\"status\":\"UP\"}");
    public static final Mode ERROR = new Answer(500, "{\"status\":\"DOWN\"}");

    private final String address;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicReference<Mode> mode = new AtomicReference<>(OK);
    private final AtomicReference<CountDownLatch> release = new AtomicReference<>(new CountDownLatch(1));
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger sinceMode = new AtomicInteger();
    private final SelfSignedCert cert;
    private volatile boolean stopped;

    private HttpTarget(String address, int port, SelfSignedCert cert) throws IOException {
        this.address = address;
        this.cert = cert;
        InetSocketAddress at = new InetSocketAddress(address, port);
        if (cert == null) {
            server = HttpServer.create(at, 50);
        } else {
            HttpsServer https = HttpsServer.create(at, 50);
            SSLContext ctx = cert.serverContext();
            https.setHttpsConfigurator(new HttpsConfigurator(ctx));
            server = https;
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Plain HTTP on {@code address} (e.g. 127.0.3.1), on a free port. */
    public static HttpTarget start(String address) {
        try {
            return new HttpTarget(address, 0, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
    }

    /**
     * One plain HTTP target per address, all on the same port, so one URL template
     * ({@code http://{address}:PORT/}) reaches each; retries when a port is taken on some address.
     */
    public static java.util.List<HttpTarget> startAll(java.util.List<String> addresses) {
        for (int attempt = 0; ; attempt++) {
            java.util.List<HttpTarget> started = new java.util.ArrayList<>();
            try {
                for (String a : addresses) {
                    started.add(new HttpTarget(a, started.isEmpty() ? 0 : started.getFirst().port(), null));
                }
                return started;
            } catch (IOException e) {
                started.forEach(HttpTarget::close);
                if (attempt >= 20) {
                    throw new UncheckedIOException("no common free port on " + addresses, e);
                }
            }
        }
    }

    /** HTTPS on {@code address} with a fresh self-signed certificate for that IP, written under {@code dir}. */
    public static HttpTarget tls(String address, Path dir) {
        try {
            return new HttpTarget(address, 0, SelfSignedCert.create(address, dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
    }

    public String address() {
        return address;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** e.g. http://127.0.3.1:40123 */
    public String url() {
        return (cert == null ? "http" : "https") + "://" + address + ":" + port();
    }

    /** The PEM certificate an HTTPS target serves (its own CA), or null for plain HTTP. */
    public Path certificatePem() {
        return cert == null ? null : cert.pem();
    }

    public void mode(Mode m) {
        sinceMode.set(0);
        mode.set(m);
        release.getAndSet(new CountDownLatch(1)).countDown();
    }

    /** Requests received so far. */
    public int requests() {
        return requests.get();
    }

    /** Stops listening: further connections are refused. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            release.get().countDown();
            server.stop(0);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        int n = sinceMode.incrementAndGet();
        try (ex) {
            ex.getRequestBody().readAllBytes();
            Mode m = mode.get();
            switch (m) {
                case Answer a -> send(ex, a.status(), a.body());
                case Slow s -> {
                    sleep(s.delay());
                    send(ex, 200, "{\"status\":\"UP\"}");
                }
                case Hang h -> {
                    await(release.get());
                    ex.getResponseHeaders().add("Connection", "close");
                    send(ex, 503, "released");
                }
                case FailFirst f -> send(ex, n > f.failures() ? 200 : 500, n > f.failures() ? "{\"status\":\"UP\"}"
                        : "{\"status\":\"STARTING\"}");
                case Alternate a -> send(ex, n % 2 == 1 ? 200 : 500, n % 2 == 1 ? "{\"status\":\"UP\"}"
                        : "{\"status\":\"DOWN\"}");
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head) {
            ex.getResponseBody().write(bytes);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        threads.shutdownNow();
    }
}
