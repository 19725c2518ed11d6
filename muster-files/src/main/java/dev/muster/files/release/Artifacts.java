package dev.muster.files.release;

import dev.muster.files.Excludes;
import dev.muster.files.LocalTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A release artifact as a tree to sync: a directory as it is, an archive unpacked into a temporary directory. */
final class Artifacts {
    private Artifacts() {
    }

    static LocalTree tree(ReleaseSpec spec) {
        if (spec.directoryArtifact()) {
            return LocalTree.scan(spec.artifact(), Excludes.none());
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("muster-release-");
        } catch (IOException e) {
            throw spec.error("cannot create a directory to unpack the artifact in: " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        try {
            TarReader.unpack(spec.artifact(), dir);
        } catch (IOException e) {
            deleteTree(dir);
            throw spec.error("cannot unpack " + spec.artifact() + ": " + e.getMessage());
        }
        return LocalTree.scan(dir, Excludes.none());
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a temporary directory: what cannot be removed now is left to the system's cleaner
        }
    }
}
