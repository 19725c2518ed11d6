package dev.muster.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * One OpenSSH known_hosts file: plain and hashed host patterns, {@code [host]:port} for
 * non-22 ports, wildcards and negations, {@code @revoked} markers. Re-read when the file
 * changes on disk; appends are serialised in this JVM and locked against other processes.
 */
final class KnownHosts {

    /** A key listed for a host; revoked keys are never accepted. */
    record Entry(HostPatterns hosts, PublicKey key, boolean revoked) {
    }

    /** A line as read; its key is decoded only when a lookup matches it (files can be long). */
    record Line(HostPatterns hosts, String keyType, String keyData, boolean revoked) {
        Entry decode() {
            try {
                PublicKey key = PublicKeyEntry.parsePublicKeyEntry(keyType + " " + keyData)
                        .resolvePublicKey(null, Map.of(), null);
                return key == null ? null : new Entry(hosts, key, revoked);
            } catch (Exception unreadable) {
                return null;
            }
        }
    }

    private final Path file;
    private List<Line> lines = List.of();
    /** Lines whose patterns are all literal names, by lower-cased name: most files are only these. */
    private Map<String, List<Line>> literal = Map.of();
    /** Hashed, wildcard and negated lines, which must be tested one by one. */
    private List<Line> patterned = List.of();
    /** Lookups per host id since the file was last read: key exchange asks twice per connection. */
    private final Map<String, List<Entry>> matching = new HashMap<>();
    private FileTime loadedStamp;
    private long loadedSize = -1;
    /** The text last read (null: none yet, or no file), and how many times it has changed. */
    private List<String> loadedText;
    private long generation;

    KnownHosts(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /**
     * Counts changes to the file's contents (not mere touches): a session whose host key was
     * checked under one generation must not be reused under another. An unreadable file counts
     * as a change every time it is asked.
     */
    synchronized long generation() {
        try {
            reloadIfChanged();
        } catch (UncheckedIOException unreadable) {
            return ++generation;
        }
        return generation;
    }

    /** The entries whose patterns match any of {@code hostIds} ({@code host} or {@code [host]:port}). */
    synchronized List<Entry> lookup(Collection<String> hostIds) {
        reloadIfChanged();
        List<Entry> found = new ArrayList<>();
        for (String id : hostIds) {
            for (Entry e : matching.computeIfAbsent(id, this::scan)) {
                if (!found.contains(e)) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    /**
     * Literal names through the index, then a linear scan of the rest, as OpenSSH does: hashed
     * entries can only be tested one salt at a time.
     */
    private List<Entry> scan(String hostId) {
        List<Entry> found = new ArrayList<>();
        List<Line> candidates = new ArrayList<>(literal.getOrDefault(hostId.toLowerCase(java.util.Locale.ROOT),
                List.of()));
        candidates.addAll(patterned);
        for (Line line : candidates) {
            if (line.hosts().matches(hostId)) {
                Entry e = line.decode();
                if (e != null) {
                    found.add(e);
                }
            }
        }
        return List.copyOf(found);
    }

    /** Appends {@code key} for {@code hostId}, unless an identical line is already there. */
    synchronized void append(String hostId, PublicKey key) throws IOException {
        String line = hostId + " " + PublicKeyEntry.toString(key) + "\n";
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            long size = ch.size();
            String existing = readAll(ch, size);
            if (("\n" + existing).contains("\n" + line)) {
                return;
            }
            String prefix = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
            ch.write(ByteBuffer.wrap((prefix + line).getBytes(StandardCharsets.UTF_8)), size);
            ch.force(false);
        }
        loadedSize = -1;
    }

    private static String readAll(FileChannel ch, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("known_hosts file is too large: " + size + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
            // keep reading until the whole file is in
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    /** {@code host} for port 22, else {@code [host]:port}, as OpenSSH writes them. */
    static String hostId(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(key);
    }

    private void index() {
        Map<String, List<Line>> byName = new HashMap<>();
        List<Line> rest = new ArrayList<>();
        for (Line line : lines) {
            if (line.hosts() instanceof HostPatterns.Listed listed && listed.patterns().stream()
                    .noneMatch(p -> p.startsWith("!") || p.contains("*") || p.contains("?"))) {
                for (String name : listed.patterns()) {
                    byName.computeIfAbsent(name.toLowerCase(java.util.Locale.ROOT), n -> new ArrayList<>()).add(line);
                }
            } else {
                rest.add(line);
            }
        }
        literal = byName;
        patterned = rest;
    }

    private void reloadIfChanged() {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            FileTime stamp = attrs.lastModifiedTime();
            long size = attrs.size();
            if (stamp.equals(loadedStamp) && size == loadedSize) {
                return;
            }
            List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
            loaded(text, parse(text));
            loadedStamp = stamp;
            loadedSize = size;
        } catch (NoSuchFileException e) {
            loaded(null, List.of());
            loadedSize = -1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void loaded(List<String> text, List<Line> parsed) {
        if (!java.util.Objects.equals(text, loadedText)) {
            generation++;
        }
        loadedText = text;
        lines = parsed;
        index();
        matching.clear();
    }

    static List<Line> parse(List<String> text) {
        List<Line> result = new ArrayList<>();
        for (String raw : text) {
            Line line = parseLine(raw.strip());
            if (line != null) {
                result.add(line);
            }
        }
        return result;
    }

    /** Returns null for comments, blank lines, certificate authorities and short lines. */
    private static Line parseLine(String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        String[] f = line.split("\\s+");
        int i = 0;
        boolean revoked = false;
        if (f[0].startsWith("@")) {
            if (!f[0].equals("@revoked")) {
                return null;
            }
            revoked = true;
            i = 1;
        }
        if (f.length < i + 3) {
            return null;
        }
        try {
            return new Line(HostPatterns.parse(f[i]), f[i + 1], f[i + 2], revoked);
        } catch (IllegalArgumentException badHashedField) {
            return null;
        }
    }
}
