package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.testkit.OpenSshAssumptions;
import dev.muster.testkit.OpenSshFleet;
import dev.muster.testkit.OpenSshHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code muster push --compress} against a real OpenSSH host, with the bytes the controller sends
 * counted by a TCP relay in front of the host: compressible content costs a fraction of the bytes
 * with --compress, and the same bytes as its size without (compression is off by default).
 */
@Timeout(120)
class PushCompressRealSshdTest {
    private static OpenSshFleet fleet;
    private static ServerSocket proxy;
    private static final AtomicLong UPLINK = new AtomicLong();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        OpenSshFleet.assumeAvailable();
        OpenSshAssumptions.assumePerHostDirs();
        fleet = OpenSshFleet.builder().hosts(1).baseAddress("127.0.171.1").perHostDirs(true).start();
        OpenSshHost h = fleet.host("host01");
        proxy = new ServerSocket();
        proxy.bind(new InetSocketAddress(InetAddress.getByName("127.0.171.100"), 0));
        Thread.ofVirtual().start(() -> {
            while (!proxy.isClosed()) {
                try {
                    Socket in = proxy.accept();
                    Socket out = new Socket(h.address(), h.port());
                    Thread.ofVirtual().start(() -> pump(in, out, UPLINK));
                    Thread.ofVirtual().start(() -> pump(out, in, new AtomicLong()));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void pump(Socket from, Socket to, AtomicLong count) {
        byte[] buf = new byte[64 << 10];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                count.addAndGet(n);
                out.write(buf, 0, n);
            }
        } catch (IOException ignored) {
            // the other side closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private long push(Path site, String dest, boolean compress) throws IOException {
        OpenSshHost h = fleet.host("host01");
        String id = "[127.0.171.100]:" + proxy.getLocalPort();
        Path inv = tmp.resolve("inventory.yaml");
        Files.writeString(inv, "hosts:\n  px: {address: 127.0.171.100, port: " + proxy.getLocalPort() + ", user: "
                + fleet.user() + "}\n");
        String line = Files.readAllLines(fleet.knownHosts()).stream()
                .filter(l -> l.startsWith("[" + h.address() + "]:" + h.port() + " ")).findFirst().orElseThrow();
        Path known = tmp.resolve("known_hosts");
        Files.writeString(known, id + line.substring(line.indexOf(' ')) + "\n");
        long before = UPLINK.get();
        List<String> args = new java.util.ArrayList<>(List.of("push", site + "/", dest, "px", "-i", inv.toString(),
                "--known-hosts", known.toString(), "--identity", fleet.clientKey().privateKeyFile().toString(),
                "--store", tmp.resolve("store").toString()));
        if (compress) {
            args.add("--compress");
        }
        CliResult r = CliResult.run(args);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("px (1): changed · 2 created");
        return UPLINK.get() - before;
    }

    @Test
    void compressSendsAFractionOfTheBytesOfCompressibleContent() throws IOException {
        Path site = Files.createDirectories(tmp.resolve("site"));
        String line = "2026-12-07T14:05:01Z INFO request served path=/index.html status=200 bytes=5120\n";
        Files.writeString(site.resolve("access.log"), line.repeat((4 << 20) / line.length()));
        long plain = push(site, "/srv/plain", false);
        long compressed = push(site, "/srv/compressed", true);
        assertThat(plain).as("without --compress the content crosses the link as is").isGreaterThan(4L << 20);
        assertThat(compressed).as("with --compress (plain: " + plain + " bytes)").isLessThan(plain / 8);
        assertThat(fleet.hostPath("host01", "/srv/compressed/access.log")).hasSameTextualContentAs(site.resolve("access.log"));
    }
}
