package dev.muster.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * For random local trees and random pre-existing remote states: after a push with --delete the
 * remote tree equals the local one (paths, types, content, modes, link targets), and a second
 * push reports no change.
 */
class PushPropertyTest {

    record Node(String path, int kind, String content, int mode) {
    }

    static Gen<List<Node>> trees() {
        Gen<String> seg = Generate.pick(List.of("a", "b", "c", "d e", "f.txt", "ü"));
        Gen<String> path = lists().of(seg).ofSizeBetween(1, 3).map(l -> String.join("/", l));
        Gen<String> content = lists().of(Generate.pick(List.of("x", "y", "z", "\n", "\0"))).ofSizeBetween(0, 40)
                .map(l -> String.join("", l));
        Gen<Node> node = path.zip(integers().between(0, 2), content, Generate.pick(List.of(0644, 0600, 0755)),
                Node::new);
        return lists().of(node).ofSizeBetween(0, 12);
    }

    @Test
    void pushMakesTheRemoteEqualTheLocalTree() {
        qt().withExamples(40).forAll(trees(), trees()).checkAssert((local, remote) -> {
            try {
                pushOver(local, remote);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void pushOver(List<Node> local, List<Node> remote) throws IOException {
        Path tmp = Files.createTempDirectory("muster-prop");
        try {
            // The host's files are older than the local ones, as after any edit: a file with the same
            // size AND the same time is taken as unchanged without --checksum (rsync's quick check).
            Path src = materialise(tmp.resolve("src"), local, 1_700_000_000_000L);
            Path dest = materialise(tmp.resolve("dest"), remote, 1_600_000_000_000L);
            SyncOptions delete = new SyncOptions(true, -1, false, false, false, null, null, null, false, null, null);
            Outcome first = LocalPush.push(src, dest, delete);
            assertThat(first.success()).as(first.message() + "\n" + first.stderr()).isTrue();
            assertThat(snapshot(dest)).isEqualTo(snapshot(src));
            Outcome second = LocalPush.push(src, dest, delete);
            assertThat(second.status()).as(second.stdout()).isEqualTo(Status.OK);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Writes nodes, skipping any that clash with an earlier one (a file where a directory is). */
    private static Path materialise(Path top, List<Node> nodes, long millis) throws IOException {
        Files.createDirectories(top);
        FileTime t = FileTime.fromMillis(millis);
        for (Node n : nodes) {
            Path p = top.resolve(n.path());
            try {
                Files.createDirectories(p.getParent());
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                switch (n.kind()) {
                    case 0 -> {
                        Files.writeString(p, n.content());
                        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(n.mode() == 0644 ? "rw-r--r--" : n.mode() == 0600 ? "rw-------" : "rwxr-xr-x"));
                        Files.setLastModifiedTime(p, t);
                    }
                    case 1 -> Files.createDirectories(p);
                    default -> Files.createSymbolicLink(p, Path.of("target-" + n.content().length()));
                }
            } catch (IOException clash) {
                // a path component is a file or link: skip this node
            }
        }
        return top;
    }

    private static Map<String, String> snapshot(Path top) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(top)) {
            for (Path p : s.filter(p -> !p.equals(top)).toList()) {
                String rel = top.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    out.put(rel, "dir");
                } else {
                    out.put(rel, "file " + java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(p)) + " " + Files.readString(p));
                }
            }
        }
        return out;
    }

    private static void deleteTree(Path top) throws IOException {
        try (Stream<Path> s = Files.walk(top)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
