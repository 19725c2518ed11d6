package dev.muster.cli.persist;

import dev.muster.cli.command.CommandContext;
import dev.muster.cli.command.ExitCodes;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * muster's persist daemon: runs muster commands for {@link PersistClient}s on a Unix socket and
 * keeps their SSH sessions open between commands, until it has been idle for the persist time.
 *
 * <p>One daemon serves one working directory, one environment and one muster build (the client
 * names the socket after all three), so a command behaves exactly as it would in its own process;
 * only its SSH sessions (and the JVM's compiled code) are older. The socket sits in a directory
 * only its user can enter, and the daemon also refuses peers of another user (SO_PEERCRED).
 */
public final class PersistDaemon implements AutoCloseable {
    /** Runs one muster command line with its own context (the launcher's {@code Main.run}). */
    @FunctionalInterface
    public interface Runner {
        int run(String[] args, PrintWriter out, PrintWriter err, CommandContext context);
    }

    /** How long the daemon is quiet before it collects the heap a command left. */
    static final Duration COLLECT_AFTER = Duration.ofSeconds(1);

    private final Path socket;
    private final Runner runner;
    private final String build;
    /** The idle time: the newest command's (each client says what it asks for). */
    private volatile Duration persist;
    private final ServerSocketChannel server;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final SharedTransports transports;
    private final Instant started = Instant.now();
    private final AtomicLong served = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    private int active;
    private long lastActivity = System.nanoTime();
    /** A command ended since the last collection: the heap is collected once the daemon is quiet. */
    private boolean collectOwed;
    private boolean closing;
    private volatile boolean exitProcess;
    /** The loopback TCP door for the launcher's bash client (null when turned off or unavailable). */
    private TcpFront front;

    private PersistDaemon(Path socket, Duration persist, Runner runner, String build, FileChannel lockFile,
                          FileLock lock) throws IOException {
        this.socket = socket;
        this.runner = runner;
        this.build = build;
        this.persist = persist;
        this.lockFile = lockFile;
        this.lock = lock;
        Files.deleteIfExists(socket); // a dead daemon's socket: we hold the lock, so nobody serves it
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        transports = new SharedTransports(persist);
    }

    /**
     * Starts a daemon on {@code socket}, or returns null when another one holds its lock (two
     * clients started one each at the same moment: the other one serves).
     */
    public static PersistDaemon start(Path socket, Duration persist, Runner runner) throws IOException {
        return start(socket, persist, runner, BuildId.current());
    }

    /** As {@link #start(Path, Duration, Runner)}, serving only clients of {@code build}. */
    static PersistDaemon start(Path socket, Duration persist, Runner runner, String build) throws IOException {
        Path lockPath = socket.resolveSibling(socket.getFileName() + ".lock");
        FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
            ch.close();
            return null;
        }
        PersistDaemon d = new PersistDaemon(socket, persist, runner, build, ch, lock);
        d.front = TcpFront.open(d, socket, build, System.getenv());
        Thread.ofPlatform().name("muster-persist-accept").start(d::acceptLoop);
        Thread.ofPlatform().daemon().name("muster-persist-idle").start(d::idleWatch);
        return d;
    }

    /**
     * {@code --socket PATH --persist DURATION [--build ID]}: the daemon's process, started by the client (detached),
     * running each command with {@code runner}.
     */
    public static void serve(String[] args, Runner runner) throws Exception {
        Path socket = null;
        Duration persist = PersistClient.DEFAULT_PERSIST;
        String build = BuildId.current();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--socket" -> socket = Path.of(args[i + 1]);
                case "--build" -> build = args[i + 1];
                case "--persist" -> {
                    persist = PersistClient.parsePersist(args[i + 1]);
                    if (persist == null) {
                        throw new IllegalArgumentException("--persist must be more than 0");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (socket == null) {
            throw new IllegalArgumentException("--socket is required");
        }
        ignore("INT");
        ignore("HUP");
        PersistDaemon d = start(socket, persist, runner, build);
        if (d == null) {
            return;
        }
        d.exitProcess = true;
        System.err.println(Instant.now() + " muster persist daemon " + ProcessHandle.current().pid() + " serving "
                + socket + " for " + System.getProperty("user.dir") + ", exits after " + persist + " idle");
    }

    /** Ctrl-C in the terminal that started the first client must not end the daemon. */
    @SuppressWarnings("restriction")
    private static void ignore(String signal) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // not on this platform
        }
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!enter()) {
                close(ch);
                return;
            }
            Thread.ofPlatform().name("muster-persist-request").start(() -> {
                boolean work = false;
                try {
                    work = serve(ch);
                } finally {
                    close(ch);
                    leave(work);
                }
            });
        }
    }

    /** A client connection begins: the idle clock stops. False when the daemon is closing (serve nothing). */
    synchronized boolean enter() {
        if (closing) {
            return false;
        }
        active++;
        return true;
    }

    /**
     * A client connection ends; one that ran a command starts the idle clock again (asking for the
     * daemon's status does not keep it alive).
     */
    synchronized void leave(boolean work) {
        active--;
        if (work) {
            lastActivity = System.nanoTime();
        }
    }

    private void idleWatch() {
        while (true) {
            try {
                Thread.sleep(Math.min(1000, Math.max(50, persist.toMillis() / 4)));
            } catch (InterruptedException e) {
                return;
            }
            boolean expired;
            boolean collect = false;
            synchronized (this) {
                if (closing) {
                    return;
                }
                long idle = System.nanoTime() - lastActivity;
                if (collectOwed && active == 0 && running.get() == 0 && idle >= COLLECT_AFTER.toNanos()) {
                    collectOwed = false;
                    collect = true;
                }
                expired = active == 0 && idle >= persist.toNanos();
            }
            if (collect) {
                // quiet for a moment: give the heap back, so an idle daemon holds its sessions,
                // not the last command's garbage
                System.gc();
            }
            if (!expired) {
                continue;
            }
            System.err.println(Instant.now() + " idle for " + persist + ": exiting");
            close();
            if (exitProcess) {
                System.exit(0);
            }
            return;
        }
    }

    /** Serves one connection; true if it ran a command. */
    private boolean serve(SocketChannel ch) {
        PersistWire.FrameWriter frames = new PersistWire.FrameWriter(ch);
        PersistWire.Request req;
        try {
            if (!samePeer(ch)) {
                return false;
            }
            req = PersistWire.Request.read(PersistWire.in(ch));
        } catch (IOException e) {
            return false;
        }
        try {
            if (!req.build().equals(build)) {
                // a client of another muster build: it runs the command itself
                byte[] why = ("this daemon is of muster build " + build).getBytes(StandardCharsets.UTF_8);
                frames.frame(PersistWire.NOT_SERVED, why, 0, why.length);
                return false;
            }
            if (req.kind() == PersistWire.RUN && req.persist() != null) {
                persist = req.persist();
            }
            switch (req.kind()) {
                case PersistWire.RUN -> run(ch, frames, req);
                case PersistWire.STATUS -> {
                    byte[] text = status(1).getBytes(StandardCharsets.UTF_8);
                    frames.frame(PersistWire.ACCEPTED, new byte[0], 0, 0);
                    frames.frame(PersistWire.OUT, text, 0, text.length);
                    frames.exit(0);
                }
                case PersistWire.STOP -> {
                    synchronized (this) {
                        closing = true;
                    }
                    frames.frame(PersistWire.ACCEPTED, new byte[0], 0, 0);
                    byte[] text = ("stopped the persist daemon " + ProcessHandle.current().pid() + "\n")
                            .getBytes(StandardCharsets.UTF_8);
                    frames.frame(PersistWire.OUT, text, 0, text.length);
                    Thread.ofPlatform().start(this::stopWhenQuiet);
                    frames.exit(0);
                }
                default -> frames.exit(ExitCodes.BAD_INPUT);
            }
        } catch (IOException clientGone) {
            // nothing to tell anyone: the command (if any) was stopped when its client went away
        }
        return req.kind() == PersistWire.RUN;
    }

    /** The peer runs as this daemon's user; anything else is refused before a byte is read. */
    private static boolean samePeer(SocketChannel ch) {
        try {
            var peer = ch.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return peer.user().getName().equals(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private void run(SocketChannel ch, PersistWire.FrameWriter frames, PersistWire.Request req) throws IOException {
        started();
        try {
            runCommand(ch, frames, req);
        } finally {
            finished();
        }
    }

    private void runCommand(SocketChannel ch, PersistWire.FrameWriter frames, PersistWire.Request req) throws IOException {
        ClientInterrupts interrupts = new ClientInterrupts();
        // the client's Ctrl-C, or the client going away, stops the command
        Thread reader = Thread.ofPlatform().daemon().name("muster-persist-client").start(() -> {
            var in = PersistWire.in(ch);
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    if (b == PersistWire.INTERRUPT) {
                        interrupts.fire();
                    }
                }
            } catch (IOException ignored) {
                // closed
            }
            interrupts.clientGone = true;
            interrupts.fire();
        });
        frames.frame(PersistWire.ACCEPTED, new byte[0], 0, 0);
        int code = execute(req.args(), req.env(), req.tty(), frames.stream(PersistWire.OUT),
                frames.stream(PersistWire.ERR), interrupts);
        frames.exit(code);
        reader.interrupt();
    }

    /**
     * Runs one accepted client command with the client's environment, terminal and Ctrl-C over this
     * daemon's sessions, and returns the exit code to send: the Unix socket's and the TCP front's
     * common path, between {@link #started} and {@link #finished}.
     */
    int execute(List<String> args, java.util.Map<String, String> env, boolean tty, java.io.OutputStream outStream,
            java.io.OutputStream errStream, ClientInterrupts interrupts) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(outStream, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(errStream, StandardCharsets.UTF_8), true);
        // the client's environment and terminal, its Ctrl-C, and this daemon's sessions: this command's alone
        CommandContext context = CommandContext.process().withEnv(env).withTerminal(tty)
                .withInterrupts(interrupts).withSessions(transports);
        int code;
        try {
            code = runner.run(args.toArray(String[]::new), out, err, context);
        } catch (RuntimeException e) {
            String message = e.getMessage();   // as Main says it: no Java class name
            err.println("muster: internal error: " + (message == null || message.isBlank() ? "no details" : message)
                    + " (MUSTER_DEBUG=1 shows where)");
            code = ExitCodes.RUN_BROKE;
        }
        out.flush();
        err.flush();
        return interrupts.fired() && !interrupts.clientGone ? ExitCodes.INTERRUPTED : code;
    }

    /** A client's command is about to run. */
    void started() {
        served.incrementAndGet();
        running.incrementAndGet();
    }

    /**
     * A command's exit code has reached its client (or the client is gone). The heap is collected
     * later, once no command has come for {@link #COLLECT_AFTER}: a full collection right here
     * took the CPU from the command a script runs next (a session's commands come back to back).
     */
    void finished() {
        if (running.decrementAndGet() == 0) {
            synchronized (this) {
                collectOwed = true;
            }
        }
    }

    /** The Ctrl-C source of one command: its client. */
    static final class ClientInterrupts implements CommandContext.Interrupts {
        private final List<Runnable> stops = new CopyOnWriteArrayList<>();
        private volatile boolean fired;
        volatile boolean clientGone;

        @Override
        public void add(Runnable stop) {
            stops.add(stop);
            if (fired) {
                stop.run();
            }
        }

        @Override
        public void remove(Runnable stop) {
            stops.remove(stop);
        }

        void fire() {
            fired = true;
            stops.forEach(Runnable::run);
        }

        boolean fired() {
            return fired;
        }
    }

    public String status() {
        return status(0);
    }

    /** What `muster persist status` prints; {@code own} requests (the status request itself) are not work. */
    synchronized String status(int own) {
        var s = transports.stats();
        int busy = active - own;
        long idle = busy > 0 ? 0 : Duration.ofNanos(System.nanoTime() - lastActivity).toSeconds();
        String expiry = busy > 0 ? "busy (" + busy + " request(s)); exits after " + persist.toSeconds() + " s idle"
                : idle + " s; exits in " + Math.max(0, persist.toSeconds() - idle) + " s unless a command comes (after "
                + persist.toSeconds() + " s idle)";
        Runtime rt = Runtime.getRuntime();
        long mib = 1 << 20;
        return "persist daemon " + ProcessHandle.current().pid() + "\n"
                + "  directory:  " + System.getProperty("user.dir") + "\n"
                + "  socket:     " + socket + "\n"
                + "  up:         " + Duration.between(started, Instant.now()).toSeconds() + " s, "
                + served.get() + " command(s) served, " + running.get() + " running\n"
                + "  idle:       " + expiry + "\n"
                + "  sessions:   " + (s.active() + s.idle()) + " open (" + s.active() + " active, " + s.idle()
                + " idle), " + s.created() + " created, " + s.failed() + " failed, over " + transports.size()
                + " transport(s)\n"
                + "  memory:     " + rss() + " RSS; heap " + (rt.totalMemory() - rt.freeMemory()) / mib + " MiB used of "
                + rt.totalMemory() / mib + " MiB (at most " + rt.maxMemory() / mib + " MiB)\n";
    }

    /** This process's resident memory, from /proc/self/status (VmRSS), or "unknown" where there is none. */
    static String rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim());
                    return (kib + 512) / 1024 + " MiB";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }

    private void stopWhenQuiet() {
        while (true) {
            synchronized (this) {
                if (active <= 1) {
                    break;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                break;
            }
        }
        try {
            Thread.sleep(100); // let the stop request's answer reach its client
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
        close();
        if (exitProcess) {
            System.exit(0);
        }
    }

    /** Stops serving: closes the socket, every pooled session, and the lock. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        close(server);
        if (front != null) {
            front.close();
        }
        transports.close();
        try {
            Files.deleteIfExists(socket);
            lock.release();
            lockFile.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void close(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
