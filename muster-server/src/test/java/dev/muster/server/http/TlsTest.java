package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate for 127.0.0.1, from PEM files (openssl) and from PKCS#12 (keytool). */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void theServerAnswersOverHttpsWithAPemCertificateAndGuardsMetrics() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        exec("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1");
        Tls tls = Tls.load(cert, key, null);
        try (ServerFixture fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null,
                c -> c.tls(tls).claimRuns(false).metricsOpen(false), HttpClient.newBuilder().sslContext(trusting(cert))
                .build())) {
            assertThat(fx.server.url()).startsWith("https://127.0.0.1:");
            String token = fx.token("reader", "viewer", "*");
            HttpResponse<String> hosts = fx.call("GET", "/api/v1/hosts", token, null);
            assertThat(hosts.statusCode()).isEqualTo(200);
            assertThat(fx.json(hosts).path("hosts")).hasSize(2);
            assertThat(fx.call("GET", "/metrics", null, null).statusCode()).isEqualTo(401);
            assertThat(fx.call("GET", "/metrics", token, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPkcs12KeyStoreLoadsWithItsPassword() throws Exception {
        Path p12 = dir.resolve("server.p12");
        exec(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "s",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", "pass-word", "-keypass", "pass-word");
        Tls tls = Tls.load(p12, null, "pass-word".toCharArray());
        assertThat(tls.keyStore().isKeyEntry("s")).isTrue();
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
