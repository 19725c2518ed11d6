package dev.muster.cli.persist;

import dev.muster.core.BulkInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the persist client and daemon say to each other over the daemon's Unix socket.
 *
 * <p>The client sends a request: {@link #MAGIC}, the muster build it is ({@link BuildId}), a kind
 * ({@link #RUN}, {@link #STATUS}, {@link #STOP}), whether its stdout is a terminal, the idle time it
 * asks for, the arguments and its environment. Afterwards it may send {@link #INTERRUPT} (Ctrl-C).
 * The daemon answers in frames of a type byte, a length and a payload: {@link #ACCEPTED} once a
 * command starts (before that, nothing ran and the client may run the command itself), or
 * {@link #NOT_SERVED} with the reason (a daemon of another build); {@link #OUT} and {@link #ERR}
 * bytes, and {@link #EXIT} with the exit code. A daemon of an older wire version hangs up on the
 * magic, which the client also takes as "nothing ran".
 *
 * <p>Reads and writes go straight to the channel: the streams of {@code java.nio.channels.Channels}
 * may hold one lock for both directions, and here one thread reads while another writes.
 */
final class PersistWire {
    static final String MAGIC = "muster-persist/2";
    static final byte RUN = 'R', STATUS = 'S', STOP = 'Q';
    static final byte INTERRUPT = 'I';
    static final byte ACCEPTED = 'A', NOT_SERVED = 'N', OUT = 'O', ERR = 'E', EXIT = 'X';

    private PersistWire() {
    }

    /**
     * @param env     the client's environment, for the command's secrets (empty: the daemon's own)
     * @param build   the client's muster build: a daemon of another build runs nothing
     * @param persist the idle time the client asks for, or null for the daemon's own
     */
    record Request(byte kind, boolean tty, List<String> args, Map<String, String> env, String build,
                   java.time.Duration persist) {
        Request(byte kind, boolean tty, List<String> args) {
            this(kind, tty, args, Map.of());
        }

        Request(byte kind, boolean tty, List<String> args, Map<String, String> env) {
            this(kind, tty, args, env, BuildId.current(), null);
        }

        void write(OutputStream out) throws IOException {
            java.io.DataOutputStream d = new java.io.DataOutputStream(new java.io.BufferedOutputStream(out));
            d.writeUTF(MAGIC);
            d.writeUTF(build);
            d.writeByte(kind);
            d.writeBoolean(tty);
            d.writeLong(persist == null ? -1 : persist.toMillis());
            d.writeInt(args.size());
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                d.writeInt(b.length);
                d.write(b);
            }
            d.writeInt(env.size());
            for (Map.Entry<String, String> e : env.entrySet()) {
                for (String s : List.of(e.getKey(), e.getValue())) {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    d.writeInt(b.length);
                    d.write(b);
                }
            }
            d.flush();
        }

        static Request read(InputStream in) throws IOException {
            java.io.DataInputStream d = new java.io.DataInputStream(in);
            if (!MAGIC.equals(d.readUTF())) {
                throw new IOException("not a muster persist request");
            }
            String build = d.readUTF();
            byte kind = d.readByte();
            boolean tty = d.readBoolean();
            long persistMs = d.readLong();
            int n = d.readInt();
            if (n < 0 || n > 100_000) {
                throw new IOException("bad argument count " + n);
            }
            List<String> args = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int len = d.readInt();
                if (len < 0 || len > 16 << 20) {
                    throw new IOException("bad argument length " + len);
                }
                args.add(new String(d.readNBytes(len), StandardCharsets.UTF_8));
            }
            int vars = d.readInt();
            if (vars < 0 || vars > 100_000) {
                throw new IOException("bad environment size " + vars);
            }
            Map<String, String> env = new java.util.HashMap<>();
            for (int i = 0; i < vars; i++) {
                env.put(string(d), string(d));
            }
            return new Request(kind, tty, List.copyOf(args), Map.copyOf(env), build,
                    persistMs > 0 ? java.time.Duration.ofMillis(persistMs) : null);
        }

        private static String string(java.io.DataInputStream d) throws IOException {
            int len = d.readInt();
            if (len < 0 || len > 16 << 20) {
                throw new IOException("bad string length " + len);
            }
            return new String(d.readNBytes(len), StandardCharsets.UTF_8);
        }
    }

    /** A byte stream reading the channel directly. */
    static InputStream in(SocketChannel ch) {
        return new BulkInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : ch.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /** Writes whole frames; frames from different threads never interleave. */
    static final class FrameWriter {
        private final SocketChannel ch;

        FrameWriter(SocketChannel ch) {
            this.ch = ch;
        }

        synchronized void frame(byte type, byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(5 + len);
            buf.put(type).putInt(len).put(b, off, len).flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }

        void exit(int code) throws IOException {
            byte[] b = ByteBuffer.allocate(4).putInt(code).array();
            frame(EXIT, b, 0, 4);
        }

        /** An output stream whose writes become frames of {@code type}. */
        OutputStream stream(byte type) {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (len > 0) {
                        frame(type, b, off, len);
                    }
                }
            };
        }
    }

    /** One frame as read by the client. */
    record Frame(byte type, byte[] payload) {
        int exitCode() {
            return ByteBuffer.wrap(payload).getInt();
        }

        static Frame read(java.io.DataInputStream in) throws IOException {
            byte type;
            try {
                type = in.readByte();
            } catch (EOFException e) {
                return null;
            }
            int len = in.readInt();
            if (len < 0 || len > 64 << 20) {
                throw new IOException("bad frame length " + len);
            }
            return new Frame(type, in.readNBytes(len));
        }
    }
}
