package dev.muster.files;

import dev.muster.core.InputException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What a push sends, read once per push (not once per host): every file, directory and symlink
 * under the source with its mode, size and modification time. Content is hashed lazily, once,
 * when a host first needs the hash (see {@link Content.OnDisk}); it is streamed, never held in
 * memory.
 */
public final class LocalTree {
    private final Path source;
    private final boolean directory;
    private final List<Entry> entries;

    private LocalTree(Path source, boolean directory, List<Entry> entries) {
        this.source = source;
        this.directory = directory;
        this.entries = entries;
    }

    /**
     * Scans {@code source}: a directory's contents (not the directory itself, like rsync's
     * {@code src/}), or a single file.
     */
    public static LocalTree scan(Path source, Excludes excludes) {
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw InputException.in(source, "no such file or directory to push");
        }
        try {
            if (!Files.isDirectory(source)) {
                PosixFileAttributes a = Files.readAttributes(source, PosixFileAttributes.class);
                Entry e = Entry.file(source.getFileName().toString(), mode(a.permissions()),
                        a.lastModifiedTime().toMillis() / 1000,
                        new Content.OnDisk(source, a.size()));
                return new LocalTree(source, false, List.of(e));
            }
            List<Entry> entries = new ArrayList<>();
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (dir.equals(source)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = relative(source, dir);
                    if (excludes.excludes(rel, true)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    entries.add(Entry.dir(rel, mode(posix(dir).permissions())));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = relative(source, file);
                    if (excludes.excludes(rel, false)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isSymbolicLink()) {
                        entries.add(Entry.link(rel, Files.readSymbolicLink(file).toString()));
                    } else if (attrs.isRegularFile()) {
                        PosixFileAttributes a = posix(file);
                        entries.add(Entry.file(rel, mode(a.permissions()), a.lastModifiedTime().toMillis() / 1000,
                                new Content.OnDisk(file, a.size())));
                    }
                    // sockets, fifos and devices are not pushed
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    throw exc;
                }
            });
            entries.sort(Comparator.comparing(Entry::path));
            return new LocalTree(source, true, List.copyOf(entries));
        } catch (IOException e) {
            throw InputException.in(source, "cannot read the tree to push: " + e);
        }
    }

    private static PosixFileAttributes posix(Path p) throws IOException {
        return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    static String relative(Path top, Path p) {
        return top.relativize(p).toString().replace(java.io.File.separatorChar, '/');
    }

    static int mode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }

    public Path source() {
        return source;
    }

    /** True when the source is a directory whose contents are pushed. */
    public boolean directory() {
        return directory;
    }

    public List<Entry> entries() {
        return entries;
    }

    public long bytes() {
        return entries.stream().mapToLong(Entry::size).sum();
    }
}
