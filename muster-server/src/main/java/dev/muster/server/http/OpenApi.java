package dev.muster.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The OpenAPI 3 description of the API, written by hand in {@code openapi.json} beside this class. */
final class OpenApi {
    private static volatile String document;

    private OpenApi() {
    }

    static String document() {
        String d = document;
        if (d == null) {
            try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
                d = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            document = d;
        }
        return d;
    }
}
