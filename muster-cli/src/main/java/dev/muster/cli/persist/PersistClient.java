package dev.muster.cli.persist;

import dev.muster.cli.command.ExitCodes;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The small front end the launcher runs when {@code MUSTER_PERSIST} is set: it hands the command
 * to this directory's {@link PersistDaemon} (starting one if there is none) and relays its output
 * and exit code. Ctrl-C is passed on, so the daemon stops the command and still prints its recap.
 *
 * <p>Exit code {@link #FALL_BACK} means no daemon could take the command and nothing ran: the
 * launcher then runs it in its own process as usual.
 */
public final class PersistClient {
    /** Nothing ran; run the command without the daemon. */
    static final int FALL_BACK = 75;
    /** The daemon's main class: it runs commands through the launcher's Main, which this package does not see. */
    static final String DAEMON_MAIN = "dev.muster.cli.PersistMain";
    /** The environment a command can see: a daemon serves only clients that agree on all of it. */
    private static final List<String> ENVIRONMENT = List.of("HOME", "USER", "LOGNAME", "PATH", "SSH_AUTH_SOCK",
            "NO_COLOR", "TERM", "LANG", "LC_ALL", "TZ", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "JAVA_HOME",
            "ANSIBLE_VAULT_PASSWORD_FILE", "ANSIBLE_VAULT_IDENTITY_LIST");

    private PersistClient() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        Duration persist;
        try {
            persist = parsePersist(env.getOrDefault("MUSTER_PERSIST", "10m"));
        } catch (IllegalArgumentException e) {
            System.err.println("muster: MUSTER_PERSIST: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        Path socket;
        try {
            socket = socketFor(env, System.getProperty("user.dir"), jarIdentity());
        } catch (IOException e) {
            System.err.println("muster: no place for the persist daemon's socket (" + e.getMessage() + "); running without it");
            return FALL_BACK;
        }
        if (args.length > 0 && args[0].equals("persist")) {
            if (args.length > 2 || (args.length == 2 && !args[1].equals("status") && !args[1].equals("stop"))) {
                return FALL_BACK;   // --help or bad usage: the full CLI answers
            }
            return control(socket, args.length > 1 ? args[1] : "status", System.out, System.err);
        }
        if (asksVaultPassword(args)) {
            return FALL_BACK;   // the daemon has no terminal to ask on
        }
        PersistWire.Request req = new PersistWire.Request(PersistWire.RUN,
                dev.muster.cli.output.Terminal.isTerminal(), List.of(args), env);
        for (int attempt = 0; attempt < 2; attempt++) {
            SocketChannel ch = connect(socket);
            if (ch == null) {
                ch = spawnAndConnect(socket, persist);
            }
            if (ch == null) {
                System.err.println("muster: the persist daemon did not start (see " + logOf(socket) + "); running without it");
                return FALL_BACK;
            }
            int code = relay(ch, req, System.out, System.err, true);
            if (code != FALL_BACK) {
                return code;
            }
            // the daemon was closing and ran nothing: one more try, with a new daemon
        }
        return FALL_BACK;
    }

    /** --ask-vault-pass, or a --vault-id whose password is asked at the prompt. */
    static boolean asksVaultPassword(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return false;
            }
            String id = a.startsWith("--vault-id=") ? a.substring("--vault-id=".length())
                    : a.equals("--vault-id") && i + 1 < args.length ? args[i + 1] : null;
            if (a.equals("--ask-vault-pass") || a.equals("--ask-vault-password")
                    || (id != null && (id.equals("prompt") || id.endsWith("@prompt")))) {
                return true;
            }
        }
        return false;
    }

    /** The socket of the daemon that would serve a command run here, now. */
    static Path socketHere() throws IOException {
        return socketFor(System.getenv(), System.getProperty("user.dir"), jarIdentity());
    }

    /** {@code muster persist status|stop}: talks to this directory's daemon, never starts one. */
    static int control(Path socket, String what, PrintStream out, PrintStream err) {
        byte kind = what.equals("stop") ? PersistWire.STOP : PersistWire.STATUS;
        SocketChannel ch = connect(socket);
        if (ch == null) {
            out.println("no persist daemon for this directory and environment");
            return ExitCodes.OK;
        }
        int code = relay(ch, new PersistWire.Request(kind, false, List.of()), out, err, false);
        return code == FALL_BACK ? ExitCodes.OK : code;
    }

    /**
     * Sends the request and copies the answer to {@code out} and {@code err} until the exit
     * frame; returns its code, or {@link #FALL_BACK} if the daemon hung up before accepting.
     */
    static int relay(SocketChannel ch, PersistWire.Request req, PrintStream out, PrintStream err, boolean passCtrlC) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = null;
        try (ch) {
            req.write(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
            });
            if (passCtrlC) {
                hook = new Thread(() -> {
                    try {
                        ch.write(ByteBuffer.wrap(new byte[] {PersistWire.INTERRUPT}));
                        done.await(10, TimeUnit.SECONDS);
                    } catch (IOException | InterruptedException ignored) {
                        // the daemon is gone or the wait ended: exit anyway
                    }
                }, "muster-interrupt");
                Runtime.getRuntime().addShutdownHook(hook);
            }
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(PersistWire.in(ch)));
            boolean accepted = false;
            while (true) {
                PersistWire.Frame f = PersistWire.Frame.read(in);
                if (f == null) {
                    if (!accepted) {
                        return FALL_BACK;
                    }
                    err.println("muster: the persist daemon went away before the command ended (see "
                            + "its log beside its socket)");
                    return ExitCodes.RUN_BROKE;
                }
                switch (f.type()) {
                    case PersistWire.ACCEPTED -> accepted = true;
                    case PersistWire.OUT -> {
                        out.write(f.payload(), 0, f.payload().length);
                        out.flush();
                    }
                    case PersistWire.ERR -> {
                        err.write(f.payload(), 0, f.payload().length);
                        err.flush();
                    }
                    case PersistWire.EXIT -> {
                        int code = f.exitCode();
                        done.countDown();
                        if (code == ExitCodes.INTERRUPTED && hook != null) {
                            // Ctrl-C: the JVM is already exiting through the hook; exit with the shell's 130
                            Runtime.getRuntime().halt(code);
                        }
                        return code;
                    }
                    default -> {
                        err.println("muster: unexpected answer from the persist daemon");
                        return ExitCodes.RUN_BROKE;
                    }
                }
            }
        } catch (IOException e) {
            err.println("muster: lost the persist daemon: " + e.getMessage());
            return ExitCodes.RUN_BROKE;
        } finally {
            done.countDown();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C in progress
                }
            }
        }
    }

    static SocketChannel connect(Path socket) {
        if (!Files.exists(socket)) {
            return null;
        }
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                return ch;
            } catch (IOException e) {
                ch.close();
                return null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Starts a daemon in its own session (Ctrl-C here must not reach it) and waits for its socket. */
    private static SocketChannel spawnAndConnect(Path socket, Duration persist) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.addAll(daemonJvm());
        cmd.addAll(List.of(DAEMON_MAIN, "--socket", socket.toString(), "--persist", persist.toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logOf(socket).toFile()))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            SocketChannel ch = connect(socket);
            if (ch != null) {
                return ch;
            }
            if (!p.isAlive() && p.exitValue() != 0) {
                return null;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * The daemon's JVM: what the launcher passes in MUSTER_PERSIST_JVM (java, its options and the
     * class path, one per line), else this JVM's java with this class path.
     */
    private static List<String> daemonJvm() {
        String given = System.getenv("MUSTER_PERSIST_JVM");
        if (given != null && !given.isBlank()) {
            return given.lines().filter(l -> !l.isEmpty()).toList();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"));
    }

    private static Path logOf(Path socket) {
        return socket.resolveSibling(socket.getFileName().toString().replace(".sock", ".log"));
    }

    /** What identifies this muster build: its jar's path, size and time (a rebuilt jar gets new daemons). */
    static String jarIdentity() {
        try {
            return identity(Path.of(PersistClient.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            return System.getProperty("java.class.path");
        }
    }

    /** The identity of the build in {@code jar} (the launcher's bash client computes the same). */
    static String identity(Path jar) throws IOException {
        return jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
    }

    /**
     * The socket of the daemon for this directory, environment and build, in a directory only this
     * user can enter: $XDG_RUNTIME_DIR/muster, else muster's cache directory, else /tmp.
     */
    static Path socketFor(Map<String, String> env, String cwd, String build) throws IOException {
        Map<String, String> seen = new TreeMap<>();
        env.forEach((k, v) -> {
            if ((k.startsWith("MUSTER_") && !k.equals("MUSTER_PERSIST") && !k.equals("MUSTER_PERSIST_JVM"))
                    || ENVIRONMENT.contains(k)) {
                seen.put(k, v);
            }
        });
        StringBuilder key = new StringBuilder(build).append('\0').append(cwd);
        seen.forEach((k, v) -> key.append('\0').append(k).append('=').append(v));
        String name;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            name = HexFormat.of().formatHex(h, 0, 10) + ".sock";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> candidates = new ArrayList<>();
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            candidates.add(Path.of(runtime, "muster"));
        }
        String cache = env.get("MUSTER_CACHE");
        if (cache == null || cache.isBlank()) {
            String xdg = env.get("XDG_CACHE_HOME");
            cache = (xdg == null || xdg.isBlank() ? System.getProperty("user.home") + "/.cache" : xdg) + "/muster";
        }
        candidates.add(Path.of(cache, "persist"));
        candidates.add(Path.of("/tmp", "muster-persist-" + System.getProperty("user.name")));
        IOException last = null;
        for (Path dir : candidates) {
            Path sock = dir.resolve(name);
            if (sock.toString().length() > 100) { // sun_path holds 108 bytes
                continue;
            }
            try {
                privateDir(dir);
                return sock;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last != null ? last : new IOException("every candidate path is too long for a Unix socket");
    }

    /** Creates {@code dir} as 0700, or checks that an existing one is ours and closed to others. */
    private static void privateDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another client made it: checked below
            }
        }
        String owner = Files.getOwner(dir).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            throw new IOException(dir + " belongs to " + owner);
        }
        var perms = Files.getPosixFilePermissions(dir);
        if (!perms.equals(PosixFilePermissions.fromString("rwx------"))) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** "10m", "90s", "1h", "500ms", or a number of seconds; "yes", "on" and "true" mean 10 minutes. */
    static Duration parsePersist(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("yes") || t.equals("on") || t.equals("true")) {
            return Duration.ofMinutes(10);
        }
        if (t.startsWith("pt")) {
            return Duration.parse(t);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (expected e.g. 10m, 90s, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is zero; unset MUSTER_PERSIST to turn persistence off");
        }
        return d;
    }
}
