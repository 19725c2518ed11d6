package dev.muster.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Watches a local tree for edits ({@code push --watch}): the JDK's WatchService, which is inotify
 * on Linux, on every directory of the tree (directories created later included, excluded ones
 * not). {@link #awaitChange} returns once a burst of edits has settled, so a burst becomes one push.
 */
public final class TreeWatch implements AutoCloseable {
    private final Path root;
    private final Excludes excludes;
    private final WatchService service;

    private TreeWatch(Path root, Excludes excludes) throws IOException {
        this.root = root;
        this.excludes = excludes;
        this.service = FileSystems.getDefault().newWatchService();
        register(root);
    }

    /** Starts watching {@code source}: a directory's whole tree, or a single file's directory. */
    public static TreeWatch start(Path source, Excludes excludes) {
        try {
            Path root = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
            return new TreeWatch(root, excludes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + source + ": " + e.getMessage(), e);
        }
    }

    private void register(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                String rel = root.relativize(d).toString().replace('\\', '/');
                if (!rel.isEmpty() && excludes.excludes(rel, true)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Waits for an edit, then until none has come for {@code quiet}: true when the tree changed,
     * false when the watch was closed (Ctrl-C) or the thread interrupted.
     */
    public boolean awaitChange(Duration quiet) {
        try {
            WatchKey key = service.take();
            boolean relevant = handle(key);
            while ((key = service.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                relevant |= handle(key);
            }
            return relevant || awaitChange(quiet);
        } catch (ClosedWatchServiceException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads one key's events: true when one concerns a path that is pushed (not excluded). */
    private boolean handle(WatchKey key) {
        boolean relevant = false;
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                relevant = true;
                continue;
            }
            Path child = dir.resolve((Path) event.context());
            boolean isDir = Files.isDirectory(child);
            String rel = root.relativize(child).toString().replace('\\', '/');
            if (excludes.excludes(rel, isDir)) {
                continue;
            }
            relevant = true;
            if (isDir && event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                try {
                    register(child);
                } catch (IOException ignored) {
                    // gone again already: the next scan sees what is there
                }
            }
        }
        key.reset();
        return relevant;
    }

    /** Stops watching; a waiting {@link #awaitChange} returns false. */
    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
