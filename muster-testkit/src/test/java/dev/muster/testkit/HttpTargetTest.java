package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The health-check test server answers as told. */
@Timeout(60)
class HttpTargetTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersAsToldAndCountsRequests() throws Exception {
        try (HttpTarget t = HttpTarget.start("127.0.3.201")) {
            assertThat(get(t.url() + "/health").body()).isEqualTo("{\"status\":\"UP\"}");
            t.mode(HttpTarget.ERROR);
            assertThat(get(t.url()).statusCode()).isEqualTo(500);
            t.mode(new HttpTarget.Alternate());
            assertThat(List.of(get(t.url()).statusCode(), get(t.url()).statusCode())).containsExactly(200, 500);
            assertThat(t.requests()).isEqualTo(4);
            t.stop();
            assertThatThrownBy(() -> get(t.url())).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void startAllPutsEveryAddressOnOnePort() throws Exception {
        List<HttpTarget> all = HttpTarget.startAll(List.of("127.0.3.202", "127.0.3.203", "127.0.3.204"));
        try {
            assertThat(all).extracting(HttpTarget::port).containsOnly(all.getFirst().port());
            for (HttpTarget t : all) {
                assertThat(get(t.url()).statusCode()).isEqualTo(200);
            }
        } finally {
            all.forEach(HttpTarget::close);
        }
    }

    @Test
    void tlsTargetsServeACertificateForTheirAddress() throws Exception {
        try (HttpTarget t = HttpTarget.tls("127.0.3.205", tmp)) {
            assertThat(t.url()).startsWith("https://127.0.3.205:");
            assertThat(Files.readString(t.certificatePem())).startsWith("-----BEGIN CERTIFICATE-----");
            var cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(Files.newInputStream(t.certificatePem()));
            assertThat(cert.getSubjectAlternativeNames()).anyMatch(san -> san.get(1).equals("127.0.3.205"));
        }
    }
}
