package dev.muster.probe.logs;

import dev.muster.core.exec.LineSplitter;
import dev.muster.core.exec.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Parses what ship.sh writes on one host's standard output (headers and raw chunks, see the
 * script) into complete lines with their inode and byte offsets. A line is passed on only once
 * its newline arrived, except the last line of a file that was rotated away (it is complete: the
 * file will not grow). Overlong lines are cut as {@link LineSplitter} cuts them.
 */
final class ShipStream implements OutputSink {
    private final String host;
    private final List<String> files;
    private final ShipListener listener;
    private final ByteArrayOutputStream header = new ByteArrayOutputStream();
    private final Pending[] pending;
    private long remaining;
    private Pending current;
    private final StringBuilder errors = new StringBuilder();

    ShipStream(String host, List<String> files, ShipListener listener) {
        this.host = host;
        this.files = files;
        this.listener = listener;
        this.pending = new Pending[files.size()];
    }

    /** One file's partial line: its bytes so far, where they start, and which inode they are of. */
    private final class Pending {
        final int index;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String inode = "";
        long start;
        long expected = -1;

        Pending(int index) {
            this.index = index;
        }

        /** A chunk of (inode, offset) begins: a new inode or a jump ends the partial line first. */
        void begin(String ino, long offset) {
            if (!ino.equals(inode) || offset != expected) {
                flush();
                inode = ino;
                start = offset;
            }
            expected = offset;
        }

        void write(byte[] data, int from, int to) {
            int s = from;
            for (int i = from; i < to; i++) {
                if (data[i] == '\n') {
                    bytes.write(data, s, i - s);
                    emit(start + bytes.size() + 1);
                    s = i + 1;
                } else if (bytes.size() + (i - s) >= LineSplitter.MAX_LINE) {
                    bytes.write(data, s, i - s);
                    emit(start + bytes.size());
                    s = i;
                }
            }
            bytes.write(data, s, to - s);
            expected += to - from;
        }

        /** Passes on a partial line as complete (its file was rotated away or truncated). */
        void flush() {
            if (bytes.size() > 0) {
                emit(start + bytes.size());
            }
        }

        private void emit(long next) {
            String text = bytes.toString(StandardCharsets.UTF_8);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            listener.line(new ShippedLine(host, files.get(index), inode, start, next, text));
            bytes.reset();
            start = next;
        }
    }

    @Override
    public synchronized void write(Stream stream, byte[] data, int offset, int length) {
        if (stream == Stream.STDERR) {
            String text = new String(data, offset, length, StandardCharsets.UTF_8);
            errors.append(text);
            return;
        }
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (remaining > 0) {
                int n = (int) Math.min(remaining, end - i);
                current.write(data, i, i + n);
                remaining -= n;
                i += n;
                continue;
            }
            byte b = data[i++];
            if (b != '\n') {
                header.write(b);
                continue;
            }
            String line = header.toString(StandardCharsets.UTF_8);
            header.reset();
            control(line.split(" "));
        }
    }

    private void control(String[] f) {
        try {
            int index = Integer.parseInt(f[1]);
            Pending p = pending(index);
            switch (f[0]) {
                case "H" -> {
                    p.begin(f[2], Long.parseLong(f[3]));
                    current = p;
                    remaining = Long.parseLong(f[4]);
                }
                case "G" -> {
                    p.flush();
                    listener.notice(host, files.get(index) + ": rotated away and gone (deleted or compressed) before "
                            + "its bytes after " + f[3] + " were read; they are lost");
                }
                case "T" -> {
                    p.flush();
                    p.expected = -1;
                    listener.notice(host, files.get(index) + ": truncated in place (copytruncate): lines written "
                            + "after byte " + f[3] + " and before the truncation may be lost; reading from its start");
                }
                case "M" -> listener.notice(host, files.get(index) + ": no such file (yet)");
                default -> listener.notice(host, "unexpected output: " + String.join(" ", f));
            }
        } catch (RuntimeException e) {
            listener.notice(host, "unexpected output: " + String.join(" ", f));
        }
    }

    private Pending pending(int index) {
        if (pending[index] == null) {
            pending[index] = new Pending(index);
        }
        return pending[index];
    }

    /** What the host wrote on standard error (its shell's complaints), for the outcome. */
    synchronized String errors() {
        return errors.toString().strip();
    }
}
