package dev.muster.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** The small web site the real-sshd push tests send: a page, a stylesheet, a 300 kB blob, a symlink. */
final class SiteTree {
    private SiteTree() {
    }

    /** Writes the site into {@code dir}/site and returns that directory. */
    static Path write(Path dir) throws IOException {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>muster</h1>\n");
        Files.createDirectories(site.resolve("css"));
        Files.writeString(site.resolve("css/app.css"), "body { margin: 0 }\n");
        byte[] blob = new byte[300_000];
        new Random(7).nextBytes(blob);
        Files.write(site.resolve("blob.bin"), blob);
        Files.createSymbolicLink(site.resolve("start.html"), Path.of("index.html"));
        return site;
    }

    /** A destination on the hosts no earlier test wrote to (the fleet outlives each test). */
    static String freshDest() {
        return "/srv/www-" + Long.toHexString(System.nanoTime());
    }
}
