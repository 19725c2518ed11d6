package dev.muster.files;

import dev.muster.core.BulkInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A minimal POSIX tar (ustar, with pax headers for long names) of regular files, used to send
 * many small files to a host in one stream instead of several SFTP round trips each. Headers
 * are built once per push and shared by every host; file content is read from disk as it is sent.
 */
final class Tar {
    static final int BLOCK = 512;

    private Tar() {
    }

    /** One regular file: header(s), content, padding to a whole block. */
    static byte[] entry(String name, int mode, long mtime, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 3 * BLOCK);
        out.writeBytes(head(name, mode, mtime, content.length));
        out.writeBytes(content);
        pad(out, content.length);
        return out.toByteArray();
    }

    /** The header block(s) of a regular file of {@code size} bytes: a pax header first for a long or non-ASCII name. */
    static byte[] head(String name, int mode, long mtime, long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(3 * BLOCK);
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        String shortName = name;
        if (utf8.length > 100 || !isAscii(name)) {
            byte[] pax = paxRecord("path", name);
            out.writeBytes(header("PaxHeader", 0644, mtime, pax.length, 'x'));
            out.writeBytes(pax);
            pad(out, pax.length);
            shortName = "muster-long-name";
        }
        out.writeBytes(header(shortName, mode, mtime, size, '0'));
        return out.toByteArray();
    }

    /**
     * One regular file's entry whose content is read only while it is sent (a file on disk is
     * streamed, never held whole): the same bytes as {@link #entry}. Exactly {@code content.size()}
     * bytes follow the header: a file that changed meanwhile is cut or padded with zeros, and the
     * host's SHA-256 check of the manifest refuses it.
     */
    record Segment(byte[] head, Content content) {
        java.io.InputStream open() throws IOException {
            long size = content.size();
            byte[] inMemory = content.bytes();
            InputStream body = inMemory != null ? new java.io.ByteArrayInputStream(inMemory) : exactly(content.open(), size);
            int rem = (int) (size % BLOCK);
            return concat(List.of(() -> new java.io.ByteArrayInputStream(head), () -> body,
                    () -> new java.io.ByteArrayInputStream(new byte[rem == 0 ? 0 : BLOCK - rem])));
        }
    }

    /** Something that opens a stream when its turn comes. */
    @FunctionalInterface
    interface Part {
        InputStream open() throws IOException;
    }

    /** The parts one after the other, each opened only when the one before it is done. */
    static InputStream concat(List<Part> parts) {
        java.util.Iterator<Part> next = parts.iterator();
        return new BulkInputStream() {
            private InputStream current;

            private boolean advance() throws IOException {
                while (current == null) {
                    if (!next.hasNext()) {
                        return false;
                    }
                    current = next.next().open();
                }
                return true;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (advance()) {
                    int n = current.read(b, off, len);
                    if (n > 0) {
                        return n;
                    }
                    if (n < 0) {
                        current.close();
                        current = null;
                    }
                }
                return -1;
            }

            @Override
            public void close() throws IOException {
                if (current != null) {
                    current.close();
                    current = null;
                }
            }
        };
    }

    /** Exactly {@code size} bytes of {@code in}: cut if it has more, zeros after its end if it has fewer. */
    private static InputStream exactly(InputStream in, long size) {
        return new BulkInputStream() {
            private long left = size;
            private boolean ended;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int want = (int) Math.min(len, left);
                int n = ended ? -1 : in.read(b, off, want);
                if (n < 0) {
                    ended = true;
                    java.util.Arrays.fill(b, off, off + want, (byte) 0);
                    n = want;
                }
                left -= n;
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /** The end of an archive: two zero blocks. */
    static byte[] end() {
        return new byte[2 * BLOCK];
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f);
    }

    /** "LEN key=value\n" where LEN counts the whole record, itself included. */
    private static byte[] paxRecord(String key, String value) {
        byte[] body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
        int len = body.length + 1;
        while (String.valueOf(len).length() + body.length != len) {
            len = String.valueOf(len).length() + body.length;
        }
        return (len + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] header(String name, int mode, long mtime, long size, char type) {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        octal(h, 100, 8, mode & 07777);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, Math.max(0, mtime));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = (byte) type;
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String chk = String.format("%06o", sum);
        put(h, 148, 6, chk.getBytes(StandardCharsets.US_ASCII));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        if (s.length() > len - 1) {
            throw new IllegalArgumentException("value too large for a tar field: " + v);
        }
        String padded = "0".repeat(len - 1 - s.length()) + s;
        put(h, off, len - 1, padded.getBytes(StandardCharsets.US_ASCII));
        h[off + len - 1] = 0;
    }

    private static void put(byte[] h, int off, int max, byte[] v) {
        System.arraycopy(v, 0, h, off, Math.min(max, v.length));
    }

    private static void pad(ByteArrayOutputStream out, long size) {
        int rem = (int) (size % BLOCK);
        if (rem != 0) {
            out.writeBytes(new byte[BLOCK - rem]);
        }
    }
}
