package dev.muster.files;

import dev.muster.core.BulkInputStream;
import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.StepFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The listing command, whose shell then waits for one more script: when the change set is small
 * (a few small files to place), that script and its tar stream go to the same remote shell, so a
 * push costs the host one SSH channel and one shell instead of two. When it is not, the shell is
 * told to exit and the push goes on as usual.
 *
 * <p>On the host: the listing, then a marker line with a random nonce (a file name or a link
 * target cannot forge it), then {@code read} takes a line count from stdin and that many lines of
 * script ({@code read} is a builtin that never reads past its line: no process, and the rest of
 * stdin is left for the script), and {@code eval} runs the script. A count that is not a number,
 * or end of input, ends the shell with status 0.
 */
final class ListingShell implements AutoCloseable {
    private static final int MAX_LISTING = 256 << 20;

    private final String host;
    private final String root;
    private final byte[] marker;
    private final Handoff stdin = new Handoff();
    /** Guards the listing as it arrives ({@code buf}, {@code size}...) and the script's output after it. */
    private final Object seen = new Object();
    private byte[] buf = new byte[8192];
    private int size;
    private boolean overflow;
    private int listingStatus = -1;
    private final java.io.ByteArrayOutputStream after = new java.io.ByteArrayOutputStream();
    private boolean afterTruncated;
    private final CountDownLatch listed = new CountDownLatch(1);
    private final Thread exec;
    private volatile ExecResult result;
    private volatile Throwable failure;
    private int listedAt = -1;
    private boolean ended;

    private ListingShell(Connection c, String root, String listCommand, String host) {
        this.host = host;
        this.root = root;
        byte[] nonce = new byte[12];
        new java.security.SecureRandom().nextBytes(nonce);
        String word = "MUSTER-LISTED-" + HexFormat.of().formatHex(nonce);
        this.marker = ("\0" + word + " ").getBytes(StandardCharsets.US_ASCII);
        String cmd = "muster_home=$PWD\n" + listCommand + "\nprintf '\\000%s %s\\n' " + word + " $?\n"
                + "IFS= read -r muster_n || exit 0\n"
                + "case $muster_n in ''|*[!0-9]*) exit 0 ;; esac\n"
                // line by line with the read builtin: no process, and never a byte past the script
                + "muster_s=\n"
                + "while [ \"$muster_n\" -gt 0 ] && IFS= read -r muster_l; do muster_s=\"$muster_s$muster_l\n\";"
                + " muster_n=$((muster_n - 1)); done\n"
                + "[ \"$muster_n\" -eq 0 ] && cd -- \"$muster_home\" || " + ScriptExit.SHELL_UNUSABLE.exit() + "\n"
                + "eval \"$muster_s\"\n";
        // stdout is kept here (the listing, then the script's output), not a second time in the result
        ExecRequest request = new ExecRequest(cmd, null, null, this::seen, ExecRequest.DEFAULT_MAX_CAPTURE)
                .withStdin(() -> stdin);
        exec = Thread.ofVirtual().name("muster-listing-shell").start(() -> {
            try {
                result = c.exec(request);
            } catch (Throwable t) {
                failure = t;
            } finally {
                listed.countDown();
            }
        });
    }

    /** Starts the listing of {@code root} (or of {@code names} in it; owners by name or by number) on the host. */
    static ListingShell open(Connection c, String root, java.util.List<String> names, boolean ownerNames, String host) {
        return new ListingShell(c, root, Remote.listCommand(root, names, ownerNames), host);
    }

    /** Collects stdout until the marker line ("\0MUSTER-LISTED-nonce STATUS\n") ends it. */
    private void seen(OutputSink.Stream stream, byte[] data, int off, int len) {
        if (stream != OutputSink.Stream.STDOUT) {
            return;
        }
        synchronized (seen) {
            if (overflow) {
                return;
            }
            if (listedAt >= 0) {
                int room = ExecRequest.DEFAULT_MAX_CAPTURE - after.size();
                after.write(data, off, Math.min(len, Math.max(room, 0)));
                afterTruncated |= len > room;
                return;
            }
            if (size + len > MAX_LISTING) {
                overflow = true;
                listedAt = 0;
                listed.countDown();
                return;
            }
            if (size + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + len));
            }
            System.arraycopy(data, off, buf, size, len);
            size += len;
            if (size == 0 || buf[size - 1] != '\n') {
                return;
            }
            // the marker, then the listing's exit status (at most 3 digits), then the newline
            for (int at = size - 1 - marker.length; at >= Math.max(0, size - 5 - marker.length); at--) {
                if (Arrays.equals(buf, at, at + marker.length, marker, 0, marker.length)) {
                    String status = new String(buf, at + marker.length, size - 1 - at - marker.length,
                            StandardCharsets.US_ASCII);
                    listingStatus = status.matches("\\d{1,3}") ? Integer.parseInt(status) : 255;
                    listedAt = at;
                    listed.countDown();
                    return;
                }
            }
        }
    }

    /** The host's listing, once it has printed it (or the command's failure). */
    Remote.Listing listing() throws StepFailure, InterruptedException {
        try {
            listed.await();
        } catch (InterruptedException e) {
            exec.interrupt();   // cancelled or timed out: the command's channel is closed
            throw e;
        }
        byte[] out;
        int status;
        synchronized (seen) {
            if (overflow) {
                close();
                throw new StepFailure(FailureKind.TRANSFER_FAILED, host + ": the listing of " + root
                        + " is larger than 256 MiB");
            }
            out = listedAt < 0 ? null : Arrays.copyOf(buf, listedAt);
            status = listingStatus;
            buf = null;   // parsed below; the shell's output from here on goes to `after`
        }
        if (out != null && status == 0) {
            return Remote.parse(out, host);
        }
        close();
        ExecResult r = awaitResult();
        if (out != null || !r.succeeded()) {
            throw new StepFailure(FailureKind.TRANSFER_FAILED, host + ": cannot list " + root + ": "
                    + ChangeWriter.firstLine(r.stderrText()) + " (GNU find is required on the host)");
        }
        throw new StepFailure(FailureKind.TRANSFER_FAILED, host + ": unexpected listing output");
    }

    /** True until the shell has been given its script or told to exit. */
    synchronized boolean open() {
        return !ended && result == null && failure == null;
    }

    /**
     * Runs {@code script} in the waiting shell, with {@code input} (may be null) as its stdin, and
     * returns its result: exit status, and output after the listing.
     */
    ExecResult run(String script, InputStream input) throws StepFailure, InterruptedException {
        String text = script.endsWith("\n") ? script : script + "\n";
        byte[] s = text.getBytes(StandardCharsets.UTF_8);
        long lines = text.chars().filter(ch -> ch == '\n').count();
        synchronized (this) {
            ended = true;
        }
        stdin.put((lines + "\n").getBytes(StandardCharsets.US_ASCII));
        stdin.put(s);
        if (input != null) {
            stdin.then(input);
        }
        stdin.end();
        ExecResult r = awaitResult();
        synchronized (seen) {
            // the result's own stdout capture began with the listing: only ours is the script's
            return new ExecResult(r.exitCode(), r.signal(), after.toByteArray(), r.stderr(), afterTruncated);
        }
    }

    private ExecResult awaitResult() throws StepFailure, InterruptedException {
        exec.join();
        Transfers.rethrow(failure);
        return result;
    }

    /** Tells a shell still waiting to exit, and waits for it: no remote process is left behind. */
    @Override
    public void close() {
        synchronized (this) {
            if (!ended) {
                ended = true;
                stdin.end();
            }
        }
        try {
            exec.join(java.time.Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            exec.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    /** The shell's stdin: chunks handed over by the step, then optionally a stream, then end. */
    private static final class Handoff extends BulkInputStream {
        private static final byte[] END = new byte[0];
        private final LinkedBlockingQueue<Object> parts = new LinkedBlockingQueue<>();
        private byte[] current;
        private int pos;
        private InputStream stream;
        private boolean done;

        void put(byte[] b) {
            parts.add(b);
        }

        void then(InputStream in) {
            parts.add(in);
        }

        void end() {
            parts.add(END);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                if (done) {
                    return -1;
                }
                if (stream != null) {
                    int n = stream.read(b, off, len);
                    if (n >= 0) {
                        return n;
                    }
                    stream.close();
                    stream = null;
                }
                if (current != null && pos < current.length) {
                    int n = Math.min(len, current.length - pos);
                    System.arraycopy(current, pos, b, off, n);
                    pos += n;
                    return n;
                }
                Object next;
                try {
                    next = parts.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("stdin interrupted");
                }
                if (next == END) {
                    done = true;
                } else if (next instanceof InputStream in) {
                    stream = in;
                } else {
                    current = (byte[]) next;
                    pos = 0;
                }
            }
        }
    }
}
