package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host's release service on 127.0.7.3, serving a release tree in a temp dir. */
class ReleaseServiceTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path base;
    private ReleaseService service;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(base.resolve("releases/r1"));
        Files.createDirectories(base.resolve("releases/r2"));
        Files.writeString(base.resolve("releases/r1/index.html"), "one");
        Files.writeString(base.resolve("releases/r2/index.html"), "two");
        service = ReleaseService.start(InetAddress.getByName("127.0.7.3"), 0, base);
    }

    @AfterEach
    void stop() {
        service.close();
        client.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(service.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void point(String target) throws Exception {
        Path tmp = base.resolve("current.tmp");
        Files.createSymbolicLink(tmp, Path.of(target));
        Files.move(tmp, base.resolve("current"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void listensOnTheAddressItWasGiven() {
        assertThat(service.address().getHostAddress()).isEqualTo("127.0.7.3");
        assertThat(service.url()).isEqualTo("http://127.0.7.3:" + service.port());
        assertThat(service.port()).isPositive();
    }

    @Test
    void withoutACurrentReleaseEveryPathIs503() throws Exception {
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).startsWith("no current release");
        assertThat(get("/version").statusCode()).isEqualTo(503);
    }

    @Test
    void healthIs200WithoutAHealthFileAndReadsTheStatusFromOne() throws Exception {
        point("releases/r1");
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok r1");

        Files.writeString(base.resolve("releases/r1/health"), "500\nbroken on purpose\n");
        r = get("/health");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("failing r1");
    }

    @Test
    void aSwitchOfTheLinkIsSeenByTheNextRequest() throws Exception {
        point("releases/r1");
        assertThat(get("/version").body()).isEqualTo("r1");
        assertThat(get("/index.html").body()).isEqualTo("one");
        point("releases/r2");
        assertThat(get("/version").body()).isEqualTo("r2");
        assertThat(get("/index.html").body()).isEqualTo("two");
        assertThat(get("/health").body()).isEqualTo("ok r2");
    }

    @Test
    void aMissingFileIs404AndPathsCannotLeaveTheRelease() throws Exception {
        point("releases/r1");
        assertThat(get("/nope.txt").statusCode()).isEqualTo(404);
        assertThat(get("/../r2/index.html").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
    }

    @Test
    void anAbsoluteLinkWrittenOnTheHostMapsIntoTheBase() throws Exception {
        service.close();
        service = ReleaseService.start(InetAddress.getByName("127.0.7.3"), 0, base, "/srv/app");
        point("/srv/app/releases/r2");
        assertThat(get("/version").body()).isEqualTo("r2");
        assertThat(get("/index.html").body()).isEqualTo("two");
    }

    @Test
    void aLinkToAMissingReleaseIs503() throws Exception {
        point("releases/r9");
        assertThat(get("/health").statusCode()).isEqualTo(503);
    }
}
