package dev.muster.probe.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The shell and awk programs run on hosts, kept as resources so they read as programs. */
final class Scripts {
    static final String SINCE_AWK = load("since.awk");
    static final String LOGS = load("logs.sh").replace("@SINCE_AWK@", SINCE_AWK.strip());
    static final String GREP = load("grep.sh");
    static final String SHIP = load("ship.sh");

    private Scripts() {
    }

    private static String load(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
