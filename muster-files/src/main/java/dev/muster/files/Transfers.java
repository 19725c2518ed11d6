package dev.muster.files;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.FileTransfer;
import dev.muster.core.exec.StepFailure;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the hosts of one push share while they write files (temporary names, tar headers built
 * once), and the one place that decides how many file operations a push keeps in flight.
 *
 * <p>Why this is not the Executor's to decide: the Executor bounds how many <em>hosts</em> work
 * at once (-f) and knows nothing about files. A push on one host waits on round trips of its
 * single SFTP channel (open, write, close, rename), so it keeps {@link #PARALLEL_FILES}
 * operations in flight on that channel to hide them; and across hosts it bounds the uploads
 * whose unacknowledged bytes are held in memory ({@link #PARALLEL_UPLOADS}). Both are limits
 * inside one host's step, below the Executor's fan-out, and neither changes which hosts run.
 */
final class Transfers {
    /** File operations in flight per host: hides the round trips of each open/close/rename. */
    static final int PARALLEL_FILES = 8;
    /**
     * File uploads in flight across all hosts of one push: bounds memory (each holds at most
     * ~1 MiB of unacknowledged writes) and keeps 2 cores encrypting rather than switching.
     */
    static final int PARALLEL_UPLOADS = 96;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Semaphore uploads = new Semaphore(PARALLEL_UPLOADS);
    private final Map<String, String> tempNames = new ConcurrentHashMap<>();
    private final Map<String, byte[]> tarHeads = new ConcurrentHashMap<>();

    /** The temporary name of a path, the same on every host of this push (tar entries are shared). */
    String tempFor(String path) {
        return tempNames.computeIfAbsent(path, Transfers::tempName);
    }

    /**
     * The tar entry of a file under its temporary name: its header, built once per push and shared
     * by every host, and its content, read from disk (or rendered memory) only while it is sent.
     */
    Tar.Segment tarEntry(Entry e, String temp) {
        byte[] head = tarHeads.computeIfAbsent(e.path() + "\0" + temp + "\0" + e.mode() + "\0" + e.mtime()
                + "\0" + e.content().size(), k -> Tar.head(temp, e.mode(), e.mtime(), e.content().size()));
        return new Tar.Segment(head, e.content());
    }

    /** Uploads one file under {@code path}, holding one of the push's upload slots meanwhile. */
    void upload(FileTransfer f, String path, Entry e, String host) throws StepFailure, InterruptedException {
        long n;
        uploads.acquire();
        try (InputStream in = e.content().open()) {
            n = f.upload(path, in, e.mode(), e.mtime());
        } catch (IOException io) {
            throw new StepFailure(FailureKind.INTERNAL, host + ": cannot read local " + e.path() + ": " + io, io);
        } finally {
            uploads.release();
        }
        if (n != e.size()) {
            throw new StepFailure(FailureKind.TRANSFER_FAILED, host + ": " + e.path() + " changed locally during the "
                    + "push (" + n + " bytes sent, " + e.size() + " expected)");
        }
    }

    /** A fresh temporary name beside {@code path}. */
    static String tempName(String path) {
        int slash = path.lastIndexOf('/');
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return path.substring(0, slash + 1) + Remote.TEMP_PREFIX + HexFormat.of().formatHex(b);
    }

    /** One file operation on a host. */
    @FunctionalInterface
    interface Io<T> {
        void accept(T t) throws StepFailure, InterruptedException;
    }

    /** Runs {@code action} over {@code items} on up to {@link #PARALLEL_FILES} virtual threads; first failure wins. */
    static <T> void each(List<T> items, Io<T> action) throws StepFailure, InterruptedException {
        if (items.isEmpty()) {
            return;
        }
        ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>(items);
        AtomicReference<Throwable> error = new AtomicReference<>();
        int n = Math.min(PARALLEL_FILES, items.size());
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (T item; error.get() == null && (item = queue.poll()) != null; ) {
                    try {
                        action.accept(item);
                    } catch (StepFailure | InterruptedException | RuntimeException e) {
                        error.compareAndSet(null, e);
                    }
                }
            }));
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            throw e;
        }
        rethrow(error.get());
    }

    /** Throws what another thread failed with, as the step would have; nothing when it is null. */
    static void rethrow(Throwable t) throws StepFailure, InterruptedException {
        if (t instanceof StepFailure sf) {
            throw sf;
        }
        if (t instanceof InterruptedException ie) {
            throw ie;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
