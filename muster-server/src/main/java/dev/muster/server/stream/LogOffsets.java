package dev.muster.server.stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.core.AtomicReplace;
import dev.muster.core.InputException;
import dev.muster.probe.logs.FilePosition;
import dev.muster.probe.logs.ShippedLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where log shipping stands, per host and file: the inode and the byte after the last line the
 * destination acknowledged. Kept in one JSON file per destination in the run store
 * ({@code shipping/}), replaced atomically (a crash leaves the old or the new file, never half of
 * one), private to its owner. Only acknowledged lines advance it, so a restart resumes at the
 * first line not delivered: at least once, nothing lost.
 */
public final class LogOffsets {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Map<String, Map<String, Object>>>> SHAPE = new TypeReference<>() { };

    private final Path file;
    private final Map<String, Map<String, FilePosition>> positions = new TreeMap<>();

    private LogOffsets(Path file) {
        this.file = file;
    }

    /** The offsets in {@code file}, or none yet when it does not exist; bad content names the file. */
    public static LogOffsets open(Path file) {
        LogOffsets offsets = new LogOffsets(file);
        if (!Files.exists(file)) {
            return offsets;
        }
        try {
            Map<String, Map<String, Map<String, Object>>> read = JSON.readValue(file.toFile(), SHAPE);
            read.forEach((host, files) -> files.forEach((name, p) -> offsets.positions
                    .computeIfAbsent(host, h -> new TreeMap<>())
                    .put(name, new FilePosition(String.valueOf(p.get("inode")), ((Number) p.get("offset")).longValue()))));
        } catch (IOException | RuntimeException e) {
            throw InputException.in(file, "cannot read log shipping offsets (expected {host: {file: {inode, offset}}}): "
                    + e.getMessage());
        }
        return offsets;
    }

    /** The file for a destination in the store {@code storeDir}: one per destination, named after it. */
    public static Path fileFor(Path storeDir, String destination) {
        String name = destination.replaceAll("[^A-Za-z0-9._-]+", "_");
        String hash = Integer.toHexString(destination.hashCode());
        return storeDir.resolve("shipping").resolve((name.length() > 100 ? name.substring(0, 100) : name) + "-" + hash
                + ".json");
    }

    /** Where (host, file) stands, or {@code otherwise} when it was never shipped. */
    public synchronized FilePosition get(String host, String name, FilePosition otherwise) {
        Map<String, FilePosition> files = positions.get(host);
        FilePosition p = files == null ? null : files.get(name);
        return p == null ? otherwise : p;
    }

    /** Records that {@code line} was acknowledged (in memory until {@link #save}). */
    public synchronized void advance(ShippedLine line) {
        positions.computeIfAbsent(line.host(), h -> new TreeMap<>())
                .put(line.file(), new FilePosition(line.inode(), line.next()));
    }

    /** Writes the offsets: a private temporary file, then an atomic rename over the old one. */
    public synchronized void save() {
        Map<String, Map<String, Map<String, Object>>> out = new TreeMap<>();
        positions.forEach((host, files) -> files.forEach((name, p) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("inode", p.inode());
            v.put("offset", p.offset());
            out.computeIfAbsent(host, h -> new TreeMap<>()).put(name, v);
        }));
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path tmp = Files.createTempFile(dir, ".offsets", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), out);
            AtomicReplace.move(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write log shipping offsets " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }
}
