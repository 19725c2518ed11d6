package dev.muster.probe.check;

import dev.muster.core.exec.StepContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;

/** HTTP(S) from the controller with the JDK client; one client (and connection pool) for all hosts. */
final class ControllerHttpCheck implements HealthCheck, AutoCloseable {
    private final HttpSpec spec;
    private final HttpClient client;

    ControllerHttpCheck(HttpSpec spec) {
        this.spec = spec;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(spec.timeout())
                .sslContext(TlsContexts.of(spec.insecure(), spec.caFile())).build();
    }

    @Override
    public Probe probe(StepContext context) throws InterruptedException {
        URI uri = spec.url().renderUrl(context.host());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(spec.timeout())
                .method(spec.method(), HttpRequest.BodyPublishers.noBody()).build();
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            double ms = (System.nanoTime() - start) / 1e6;
            HttpAnswer answer = new HttpAnswer(r.statusCode(), r.headers().map(),
                    new String(r.body(), StandardCharsets.UTF_8));
            String why = spec.mismatch(answer);
            return why == null ? Probe.pass(ms, r.statusCode()) : Probe.fail(why, ms, r.statusCode());
        } catch (HttpTimeoutException e) {
            return Probe.fail("timed out after " + Durations.text(spec.timeout()), null, null);
        } catch (ConnectException e) {
            return Probe.fail("connection refused", null, null);
        } catch (SSLException e) {
            return Probe.fail("TLS: " + Durations.plain(e), null, null);
        } catch (IOException e) {
            return Probe.fail(e.getCause() instanceof SSLException s ? "TLS: " + Durations.plain(s)
                    : "HTTP error: " + Durations.plain(e), null, null);
        }
    }

    @Override
    public void validate(dev.muster.core.inventory.Host host) {
        spec.url().renderUrl(host);
    }

    @Override
    public String describe() {
        return spec.describe();
    }

    @Override
    public void close() {
        client.close();
    }
}
