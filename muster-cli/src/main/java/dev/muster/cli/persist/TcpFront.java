package dev.muster.cli.persist;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The persist daemon's second door: a loopback TCP port for the launcher's own client, written in
 * bash ({@code persist_fast} in ./muster), which hands a command over in a few milliseconds where a
 * JVM client needs a tenth of a second before its first byte (issue 16).
 *
 * <p><b>Trust model.</b> Every local user can reach 127.0.0.1:PORT, so reaching it proves nothing:
 * a cookie does. The daemon writes its port, a client cookie and a daemon cookie (128 random bits
 * each) to a file beside its Unix socket that only its user can read (0600, in the socket's 0700
 * directory). A client proves it read that file by sending the client cookie first; the daemon
 * compares it in constant time and closes anything else before answering a byte. The daemon proves
 * it is that file's daemon by answering with the daemon cookie, and the client sends its arguments
 * and environment only after checking it: a process of another user that took the port after the
 * daemon died learns a client cookie that opens nothing (a new daemon draws new cookies). Cookies
 * travel over loopback only, never in a process's arguments or environment. A local user can still
 * open connections that say nothing; at most {@value #MAX_HANDSHAKES} wait at once, each for at most
 * {@value #HANDSHAKE_MILLIS} ms. {@code MUSTER_PERSIST_TCP=0} leaves the door closed (clients then use
 * the Unix socket through the JVM client).
 *
 * <p><b>Wire.</b> Three connections per command (two when the client's stdout and stderr are the
 * same file: then both streams share one, in the order the command wrote them):
 * <pre>
 * control: C: muster-tcp/1 run COOKIE\n          S: muster-tcp/1 DAEMON-COOKIE ID\n
 *          C: FLAGS\0 CWD\0 ARGC\0 ARG...\0 ENVC\0 NAME=VALUE...\0     (FLAGS: t terminal, m merged)
 *          S: accepted\n  ...  S: exit CODE\n      C (any time after the request): int\n  (Ctrl-C)
 * stdout:  C: muster-tcp/1 out COOKIE ID\n        S: the command's stdout bytes, then end of stream
 * stderr:  C: muster-tcp/1 err COOKIE ID\n        S: the command's stderr bytes, then end of stream
 * </pre>
 * Until {@code accepted} nothing ran, and a client that gets anything else runs the command another
 * way. The streams end before {@code exit} is sent, so a client that has the exit code has all output.
 * A control connection that closes stops its command, as the Unix socket's client going away does.
 */
final class TcpFront implements AutoCloseable {
    static final String MAGIC = "muster-tcp/1";
    static final int HANDSHAKE_MILLIS = 10_000;
    static final int MAX_HANDSHAKES = 32;
    private static final int MAX_FIELD = 16 << 20;
    private static final int MAX_FIELDS = 100_000;

    private final PersistDaemon daemon;
    private final ServerSocket server;
    private final Path file;
    private final byte[] cookie;
    private final String answer;
    private final String directory;
    private final SecureRandom random;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Semaphore handshakes = new Semaphore(MAX_HANDSHAKES);

    private TcpFront(PersistDaemon daemon, ServerSocket server, Path file, SecureRandom random) {
        this.daemon = daemon;
        this.server = server;
        this.file = file;
        this.random = random;
        this.cookie = hex(random, 16).getBytes(StandardCharsets.US_ASCII);
        this.answer = hex(random, 16);
        this.directory = System.getProperty("user.dir");
    }

    /** The port file of the daemon listening on {@code socket}: same directory, same name, {@code .tcp}. */
    static Path fileFor(Path socket) {
        String name = socket.getFileName().toString();
        return socket.resolveSibling((name.endsWith(".sock") ? name.substring(0, name.length() - 5) : name) + ".tcp");
    }

    /**
     * Opens the front of {@code daemon} and announces it in {@link #fileFor}({@code socket}), or
     * returns null when {@code MUSTER_PERSIST_TCP=0} or loopback TCP is unavailable (the Unix socket
     * still serves every client).
     */
    static TcpFront open(PersistDaemon daemon, Path socket, String build, Map<String, String> env) {
        String setting = env.getOrDefault("MUSTER_PERSIST_TCP", "");
        if (setting.equals("0") || setting.equalsIgnoreCase("off") || setting.equalsIgnoreCase("no")
                || build.indexOf('\n') >= 0) {
            return null;
        }
        ServerSocket server = null;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            TcpFront front = new TcpFront(daemon, server, fileFor(socket), new SecureRandom());
            front.announce(build);
            Thread.ofPlatform().daemon().name("muster-persist-tcp").start(front::acceptLoop);
            return front;
        } catch (IOException e) {
            if (server != null) {
                close(server);
            }
            System.err.println("muster persist daemon: no loopback TCP front (" + e.getMessage() + "); Unix socket only");
            return null;
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** Writes the port file: readable by this user only from its first byte, replaced in one step. */
    private void announce(String build) throws IOException {
        String text = MAGIC + "\n" + build + "\n" + port() + "\n" + new String(cookie, StandardCharsets.US_ASCII) + "\n"
                + answer + "\n";
        Path part = file.resolveSibling(file.getFileName() + "." + hex(random, 4) + ".part");
        Files.createFile(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(part, text, StandardCharsets.UTF_8);
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private void acceptLoop() {
        while (true) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!handshakes.tryAcquire()) {
                close(s);
                continue;
            }
            Thread.ofPlatform().name("muster-persist-tcp-request").start(() -> serve(s));
        }
    }

    /** One connection: its hello, then (for a control connection whose request is accepted) its command. */
    private void serve(Socket s) {
        Accepted accepted = null;
        try {
            accepted = handshake(s);
        } catch (IOException | RuntimeException e) {
            accepted = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            handshakes.release();
        }
        if (accepted != null) {
            runAccepted(accepted);
        }
    }

    /** A command the daemon took: its three connections (stderr may be stdout's) and what it asked. */
    private record Accepted(Socket control, InputStream controlIn, Socket out, Socket err, Request request) {
    }

    /** The out and err connections that follow a control connection, joined by its id. */
    private static final class Pending {
        private Socket out;
        private Socket err;
        private boolean over;

        synchronized boolean attach(String role, Socket s) {
            if (over || (role.equals("out") ? out : err) != null) {
                return false;
            }
            if (role.equals("out")) {
                out = s;
            } else {
                err = s;
            }
            notifyAll();
            return true;
        }

        synchronized boolean await(boolean merged, long deadline) throws InterruptedException {
            while (out == null || (!merged && err == null)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        /** No more attachments; closes the ones that came when the command was not accepted. */
        synchronized void end(boolean closeAttached) {
            over = true;
            if (closeAttached) {
                for (Socket s : new Socket[] {out, err}) {
                    if (s != null) {
                        close(s);
                    }
                }
            }
        }
    }

    record Request(String flags, String cwd, List<String> args, Map<String, String> env) {
        boolean tty() {
            return flags.indexOf('t') >= 0;
        }

        boolean merged() {
            return flags.indexOf('m') >= 0;
        }
    }

    /**
     * Reads the hello; attaches an out/err connection to its control connection (returns null, the
     * socket handed over), or for a control connection answers, reads the request and waits for the
     * output connections. Returns what to run, or null after closing what was refused.
     */
    private Accepted handshake(Socket s) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_MILLIS);
        boolean keep = false;
        try {
            s.setSoTimeout(HANDSHAKE_MILLIS);
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            String line = line(in);
            String[] hello = line == null ? new String[0] : line.split(" ", -1);
            // the cookie first, compared in constant time: nothing else is looked at without it
            if (hello.length < 3 || !MessageDigest.isEqual(hello[2].getBytes(StandardCharsets.US_ASCII), cookie)
                    || !hello[0].equals(MAGIC)) {
                return null;
            }
            if ((hello[1].equals("out") || hello[1].equals("err")) && hello.length == 4) {
                Pending p = pending.get(hello[3]);
                keep = p != null && p.attach(hello[1], s);
                if (keep) {
                    s.shutdownInput();   // nothing more is read from an output connection
                }
                return null;
            }
            if (!hello[1].equals("run") || hello.length != 3) {
                return null;
            }
            String id = hex(random, 16);
            Pending p = new Pending();
            pending.put(id, p);
            boolean taken = false;
            try {
                OutputStream out = s.getOutputStream();
                out.write((MAGIC + " " + answer + " " + id + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Request req = request(in);
                if (!req.cwd().equals(directory) || !p.await(req.merged(), deadline)) {
                    return null;    // another directory's daemon, or the output connections never came
                }
                taken = true;
                keep = true;
                return new Accepted(s, in, p.out, req.merged() ? p.out : p.err, req);
            } finally {
                pending.remove(id);
                p.end(!taken);
            }
        } finally {
            if (!keep) {
                close(s);
            }
        }
    }

    private void runAccepted(Accepted a) {
        // a command that may need the terminal runs in its own process, as the JVM client decides
        // (PersistClient.needsTerminal): the client hears nothing and falls back to it
        if (a.request().tty() && PersistClient.needsTerminal(a.request().args().toArray(String[]::new),
                a.request().env(), true) != null) {
            closeAll(a);
            return;
        }
        if (!daemon.enter()) {  // closing: the client hears nothing and runs the command itself
            closeAll(a);
            return;
        }
        boolean started = false;
        try {
            a.control().setSoTimeout(0);
            OutputStream control = a.control().getOutputStream();
            control.write("accepted\n".getBytes(StandardCharsets.US_ASCII));
            control.flush();
            PersistDaemon.ClientInterrupts interrupts = new PersistDaemon.ClientInterrupts();
            // the client's Ctrl-C ("int"), or its control connection closing, stops the command
            Thread reader = Thread.ofPlatform().daemon().name("muster-persist-tcp-client").start(() -> {
                try {
                    for (String l; (l = line(a.controlIn())) != null; ) {
                        if (l.equals("int")) {
                            interrupts.fire();
                        }
                    }
                } catch (IOException ignored) {
                    // closed
                }
                interrupts.clientGone = true;
                interrupts.fire();
            });
            OutputStream out = new Locked(a.out().getOutputStream());
            OutputStream err = a.err() == a.out() ? out : new Locked(a.err().getOutputStream());
            daemon.started();
            started = true;
            int code = daemon.execute(a.request().args(), a.request().env(), a.request().tty(), out, err, interrupts);
            // every output byte before the exit code: a client that has the code has all the output
            end(a.out());
            end(a.err());
            control.write(("exit " + code + "\n").getBytes(StandardCharsets.US_ASCII));
            control.flush();
            reader.interrupt();
        } catch (IOException clientGone) {
            // nothing to tell anyone: the command (if any) was stopped when its client went away
        } finally {
            closeAll(a);
            if (started) {
                daemon.finished();
            }
            daemon.leave(started);
        }
    }

    /** The end of an output stream: everything written, then end of file, then closed. */
    private static void end(Socket s) {
        try {
            if (!s.isClosed()) {
                s.getOutputStream().flush();
                s.shutdownOutput();
            }
        } catch (IOException ignored) {
            // the client went away: nothing left to deliver
        }
        close(s);
    }

    private static void closeAll(Accepted a) {
        close(a.out());
        close(a.err());
        close(a.control());
    }

    /** FLAGS, CWD, ARGC, ARG..., ENVC, NAME=VALUE..., each ending in a NUL byte. */
    static Request request(InputStream in) throws IOException {
        String flags = field(in);
        String cwd = field(in);
        int argc = count(field(in));
        List<String> args = new ArrayList<>(Math.min(argc, 1024));
        for (int i = 0; i < argc; i++) {
            args.add(field(in));
        }
        int envc = count(field(in));
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < envc; i++) {
            String kv = field(in);
            int eq = kv.indexOf('=');
            if (eq > 0) {
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return new Request(flags, cwd, List.copyOf(args), Map.copyOf(env));
    }

    private static int count(String text) throws IOException {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= MAX_FIELDS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IOException("bad count '" + text + "'");
    }

    private static String field(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != 0; ) {
            if (c < 0) {
                throw new IOException("request cut short");
            }
            if (b.size() >= MAX_FIELD) {
                throw new IOException("request field longer than " + MAX_FIELD + " bytes");
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** One line without its newline (at most 256 bytes), or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                return b.isEmpty() ? null : b.toString();
            }
            if (b.length() >= 256) {
                throw new IOException("line too long");
            }
            b.append((char) c);
        }
        return b.toString();
    }

    /** Writes from the command's stdout and stderr writers never interleave inside one write. */
    private static final class Locked extends OutputStream {
        private final OutputStream out;

        Locked(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            out.flush();
        }
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Stops listening and removes the port file (a client then falls back before sending anything). */
    @Override
    public void close() {
        close(server);
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a stale file only costs a client one refused connection
        }
    }

    private static void close(Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }
}
