package dev.muster.server.store;

import dev.muster.core.Keyed;
import dev.muster.core.RunException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Per-host output of runs, stored as numbered chunks of at most {@link #chunkChars()} characters,
 * so output of any size is written and read a chunk at a time: {@link #writer} appends,
 * {@link #reader} streams. A NUL character is stored as U+FFFD (PostgreSQL text cannot hold it),
 * and a chunk never ends between the two halves of a surrogate pair. Output arrives redacted.
 */
public final class RunOutput {
    public static final int DEFAULT_CHUNK_CHARS = 64 * 1024;

    /** Which of a host's two outputs. */
    public enum Stream implements Keyed {
        STDOUT, STDERR;
    }

    private final Jdbc jdbc;
    private final int chunkChars;

    RunOutput(Jdbc jdbc, int chunkChars) {
        if (chunkChars < 2) {
            throw new IllegalArgumentException("chunks must hold at least 2 characters");
        }
        this.jdbc = jdbc;
        this.chunkChars = chunkChars;
    }

    public int chunkChars() {
        return chunkChars;
    }

    /**
     * Appends to the host's output; each full chunk is committed as it fills (so a live view sees
     * it), the rest on {@code flush()} or {@code close()}. Holds one connection until closed.
     */
    public Writer writer(String runId, String host, Stream stream) {
        try {
            Connection c = jdbc.database().connect();
            try {
                int next = (int) Jdbc.queryLong(c, -1, "SELECT MAX(seq) FROM run_output WHERE run_id = ? AND host = ? "
                        + "AND stream = ?", runId, host, stream.key()) + 1;
                return new ChunkWriter(c, runId, host, stream, next);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw failed("write output of " + host + " in run " + runId, e);
        }
    }

    /**
     * Streams the host's output chunk by chunk, each chunk read on a connection borrowed for that
     * read only: a slow HTTP client copying the output holds no pooled connection meanwhile.
     */
    public Reader reader(String runId, String host, Stream stream) {
        return new ChunkReader(jdbc.database(), runId, host, stream);
    }

    /** How many chunks the host's output is stored in. */
    public int chunks(String runId, String host, Stream stream) {
        return jdbc.inTransaction("count output chunks", c -> (int) Jdbc.queryLong(c, 0,
                "SELECT COUNT(*) FROM run_output WHERE run_id = ? AND host = ? AND stream = ?",
                runId, host, stream.key()));
    }

    /** The longest stored chunk of the host's output, in characters (0 when none). */
    public int longestChunk(String runId, String host, Stream stream) {
        return jdbc.inTransaction("measure output chunks", c -> (int) Jdbc.queryLong(c, 0,
                "SELECT MAX(LENGTH(chunk)) FROM run_output WHERE run_id = ? AND host = ? AND stream = ?",
                runId, host, stream.key()));
    }

    /** Replaces the host's output with {@code text}, in the caller's transaction. */
    void replace(Connection c, String runId, String host, Stream stream, String text) throws SQLException {
        Jdbc.update(c, "DELETE FROM run_output WHERE run_id = ? AND host = ? AND stream = ?", runId, host,
                stream.key());
        int seq = 0;
        for (int at = 0; at < text.length(); seq++) {
            int end = chunkEnd(text, at, text.length());
            insert(c, runId, host, stream, seq, text.substring(at, end));
            at = end;
        }
    }

    /** The whole output, for small outputs and {@link JdbcRunStore#load}. */
    String readAll(Connection c, String runId, String host, Stream stream) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT chunk FROM run_output WHERE run_id = ? AND host = ? "
                + "AND stream = ? ORDER BY seq", runId, host, stream.key()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.append(rs.getString(1));
            }
        }
        return out.toString();
    }

    /** Where a chunk starting at {@code from} ends: at most chunkChars on, never inside a surrogate pair. */
    private int chunkEnd(CharSequence text, int from, int limit) {
        int end = Math.min(limit, from + chunkChars);
        if (end < limit && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static void insert(Connection c, String runId, String host, Stream stream, int seq, String chunk)
            throws SQLException {
        Jdbc.update(c, "INSERT INTO run_output (run_id, host, stream, seq, chunk) VALUES (?, ?, ?, ?, ?)",
                runId, host, stream.key(), seq, chunk.replace('\0', '\uFFFD'));
    }

    private static void closeConnection(Connection c) throws IOException {
        try {
            c.close();
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    private static RunException failed(String what, SQLException e) {
        return new RunException("cannot " + what + ": " + e.getMessage(), e);
    }

    private final class ChunkWriter extends Writer {
        private final Connection c;
        private final String runId;
        private final String host;
        private final Stream stream;
        private final StringBuilder pending = new StringBuilder();
        private int seq;

        ChunkWriter(Connection c, String runId, String host, Stream stream, int seq) {
            this.c = c;
            this.runId = runId;
            this.host = host;
            this.stream = stream;
            this.seq = seq;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            // Take at most one chunk (plus a char, to see a split surrogate pair) at a time, so
            // the buffer stays small however large one write is.
            for (int at = off, end = off + len; at < end; ) {
                int take = Math.min(end - at, chunkChars + 1 - pending.length());
                pending.append(cbuf, at, take);
                at += take;
                if (pending.length() > chunkChars) {
                    emit(chunkEnd(pending, 0, pending.length()));
                }
            }
        }

        @Override
        public void flush() throws IOException {
            if (!pending.isEmpty()) {
                emit(pending.length());
            }
        }

        @Override
        public void close() throws IOException {
            try {
                flush();
            } finally {
                closeConnection(c);
            }
        }

        private void emit(int end) throws IOException {
            try {
                insert(c, runId, host, stream, seq, pending.substring(0, end));
            } catch (SQLException e) {
                throw new IOException("cannot write output of " + host + " in run " + runId + ": " + e.getMessage(), e);
            }
            seq++;
            pending.delete(0, end);
        }
    }

    private static final class ChunkReader extends Reader {
        private final Database db;
        private final String runId;
        private final String host;
        private final Stream stream;
        private String chunk = "";
        private int pos;
        private int nextSeq;

        ChunkReader(Database db, String runId, String host, Stream stream) {
            this.db = db;
            this.runId = runId;
            this.host = host;
            this.stream = stream;
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == chunk.length()) {
                if (!fetch()) {
                    return -1;
                }
            }
            int n = Math.min(len, chunk.length() - pos);
            chunk.getChars(pos, pos + n, cbuf, off);
            pos += n;
            return n;
        }

        private boolean fetch() throws IOException {
            try (Connection c = db.connect();
                 PreparedStatement ps = Jdbc.prepare(c, "SELECT seq, chunk FROM run_output WHERE run_id = ? "
                    + "AND host = ? AND stream = ? AND seq >= ? ORDER BY seq LIMIT 1", runId, host, stream.key(),
                    nextSeq); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                nextSeq = rs.getInt(1) + 1;
                chunk = rs.getString(2);
                pos = 0;
                return true;
            } catch (SQLException e) {
                throw new IOException("cannot read output of " + host + " in run " + runId + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            // nothing held between reads
        }
    }
}
