package dev.muster.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** What one exec request does once started; returns the exit code. */
@FunctionalInterface
interface Behaviour {

    int run(InputStream in, OutputStream out, OutputStream err) throws IOException, InterruptedException;

    static Behaviour reply(String stdout, String stderr, int exit) {
        return (in, out, err) -> {
            out.write(stdout.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            err.write(stderr.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return exit;
        };
    }

    static Behaviour print(String stdout) {
        return reply(stdout, "", 0);
    }
}
