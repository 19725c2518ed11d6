package dev.muster.cli.persist;

import dev.muster.cli.command.DurationConverter;
import dev.muster.cli.command.ExitCodes;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * The small front end the launcher runs for commands that contact hosts: it hands the command to
 * this directory's {@link PersistDaemon} (starting one if there is none) and relays its output and
 * exit code. Ctrl-C is passed on, so the daemon stops the command and still prints its recap.
 *
 * <p>Exit code {@link #FALL_BACK} means the command is to run in its own process: persistence is
 * off ({@code --no-persist}, {@code --persist 0}, {@code MUSTER_PERSIST=0}, {@code persist: 0} in
 * muster.yaml), the command may need the terminal, or no daemon could take it (none started, one
 * that does not answer, one of another build, one that went away during the command). The
 * launcher then runs it as usual; under {@code -v} this says why.
 */
public final class PersistClient {
    /** Nothing ran (or what ran is to run again); run the command without the daemon. */
    static final int FALL_BACK = 75;
    /** {@link #relay} results that are no exit code: the daemon refused, went away, or did not answer. */
    static final int REFUSED = -2, LOST = -3, NO_ANSWER = -4;
    /** The daemon's main class: it runs commands through the launcher's Main, which this package does not see. */
    static final String DAEMON_MAIN = "dev.muster.cli.PersistMain";
    /** How long a daemon may take to accept a request before the command runs without it. */
    static final String ACCEPT_TIMEOUT = "muster.persist.acceptTimeout";
    /** The idle time when nothing says otherwise. */
    static final Duration DEFAULT_PERSIST = Duration.ofMinutes(10);
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
        return run(args, env, System.out, System.err);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String cwd = System.getProperty("user.dir");
        Path socket;
        try {
            socket = socketFor(env, cwd, BuildId.current());
        } catch (IOException e) {
            note(verbose(args), err, "no place for the persist daemon's socket (" + e.getMessage() + ")");
            return FALL_BACK;
        }
        if (args.length > 0 && args[0].equals("persist")) {
            if (args.length > 2 || (args.length == 2 && !args[1].equals("status") && !args[1].equals("stop"))) {
                return FALL_BACK;   // --help or bad usage: the full CLI answers
            }
            return control(socket, args.length > 1 ? args[1] : "status", out, err);
        }
        Duration persist;
        try {
            persist = wanted(args, env, Path.of(cwd));
        } catch (BadEnvironment e) {
            err.println("muster: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IllegalArgumentException e) {
            return FALL_BACK;   // a bad --persist or persist: value: the full CLI says where
        }
        if (persist == null) {
            return FALL_BACK;   // turned off
        }
        boolean tty = dev.muster.cli.output.Terminal.isTerminal();
        String terminal = needsTerminal(args, env, tty);
        if (terminal != null) {
            note(verbose(args), err, terminal);
            return FALL_BACK;
        }
        PersistWire.Request req = new PersistWire.Request(PersistWire.RUN, tty, List.of(args), env, BuildId.current(),
                persist);
        for (int attempt = 0; attempt < 2; attempt++) {
            SocketChannel ch = connect(socket);
            if (ch == null) {
                ch = spawnAndConnect(socket, persist);
            }
            if (ch == null) {
                note(verbose(args), err, "the persist daemon did not start (see " + logOf(socket) + ")");
                return FALL_BACK;
            }
            int code = relay(ch, req, out, err, true);
            switch (code) {
                case FALL_BACK -> {
                    // the daemon was closing (or speaks another wire version) and ran nothing: one more try
                }
                case REFUSED -> {
                    note(verbose(args), err, "the persist daemon at " + socket + " is of another muster build");
                    return FALL_BACK;
                }
                case NO_ANSWER -> {
                    note(verbose(args), err, "the persist daemon at " + socket + " did not answer");
                    return FALL_BACK;
                }
                case LOST -> {
                    // said whatever -v says: the output so far may come again
                    err.println("muster: the persist daemon went away during the command (see " + logOf(socket)
                            + "); running it again in this process");
                    return FALL_BACK;
                }
                default -> {
                    return code;
                }
            }
        }
        note(verbose(args), err, "the persist daemon at " + socket + " did not take the command");
        return FALL_BACK;
    }

    /** Under -v: why this command runs in its own process. */
    private static void note(boolean verbose, PrintStream err, String why) {
        if (verbose) {
            err.println("muster: " + why + "; running the command in this process");
        }
    }

    static boolean verbose(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("-v") || a.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** A bad MUSTER_PERSIST: said here, since the full CLI never reads it. */
    static final class BadEnvironment extends IllegalArgumentException {
        BadEnvironment(String message) {
            super(message);
        }
    }

    /**
     * The idle time this command asks its daemon for, or null when persistence is off: the command
     * line ({@code --no-persist}, {@code --persist DURATION}) wins over {@code MUSTER_PERSIST},
     * which wins over {@code persist:} in muster.yaml ($MUSTER_CONFIG, else ./muster.yaml); the
     * default is {@link #DEFAULT_PERSIST}. 0 (or off, no, false) turns it off.
     *
     * @throws BadEnvironment for a MUSTER_PERSIST that is no duration
     * @throws IllegalArgumentException for a bad command-line or config value (the full CLI reports it)
     */
    static Duration wanted(String[] args, Map<String, String> env, Path cwd) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.equals("--no-persist")) {
                return null;
            }
            if (a.startsWith("--persist=")) {
                return parsePersist(a.substring("--persist=".length()));
            }
            if (a.equals("--persist") && i + 1 < args.length) {
                return parsePersist(args[i + 1]);
            }
        }
        String fromEnv = env.get("MUSTER_PERSIST");
        if (fromEnv != null && !fromEnv.isBlank()) {
            try {
                return parsePersist(fromEnv);
            } catch (IllegalArgumentException e) {
                throw new BadEnvironment("MUSTER_PERSIST: " + e.getMessage());
            }
        }
        String config = env.get("MUSTER_CONFIG");
        Path file = config != null && !config.isBlank() ? cwd.resolve(config) : cwd.resolve("muster.yaml");
        String fromConfig = configValue(file, "persist");
        return fromConfig != null ? parsePersist(fromConfig) : DEFAULT_PERSIST;
    }

    /**
     * A top-level {@code key: value} of muster.yaml (a flat mapping of option names), read without a
     * YAML parser; null if absent or unreadable (the full CLI reports a broken file).
     */
    static String configValue(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                    "^" + key + "\\s*:\\s*(?:\"([^\"]*)\"|'([^']*)'|([^#\\s]*))\\s*(?:#.*)?$");
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                java.util.regex.Matcher m = line.matcher(l);
                if (m.matches()) {
                    return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /**
     * Why this command must run in its own process because it may talk to the terminal (the daemon
     * has none), or null: top and console; a vault password asked at the prompt; apply or rollback asking "type yes"
     * for a protected environment; a secret read through a command (pass, gpg, op); an encrypted
     * key whose passphrase no agent holds.
     */
    static String needsTerminal(String[] args, Map<String, String> env, boolean tty) {
        String command = args.length > 0 ? args[0] : "";
        if (command.equals("top") || command.equals("console")) {
            return command + " talks to the terminal";
        }
        if (asksVaultPassword(args)) {
            return "it asks for a vault password";
        }
        if (!tty) {
            return null;   // nothing could be asked in its own process either
        }
        if ((command.equals("apply") || command.equals("rollback")) && !has(args, "--yes")) {
            return command + " may ask to confirm a protected environment at the terminal";
        }
        Path asks = secretCommand(args, env);
        if (asks != null) {
            return asks + " reads a secret through a command, which may ask at the terminal";
        }
        String agent = env.get("SSH_AUTH_SOCK");
        if (agent == null || agent.isBlank()) {
            Path key = encryptedKey(args, env);
            if (key != null) {
                return key + " is encrypted and no ssh-agent is set: its passphrase is asked at the terminal";
            }
        }
        return null;
    }

    private static boolean has(String[] args, String option) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals(option)) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern SECRET_COMMAND =
            java.util.regex.Pattern.compile("secret\\s*:\\s*\\{?\\s*command\\s*:");

    /**
     * The first inventory file (or group_vars/host_vars file beside it) with a {@code {secret:
     * {command: ...}}} source, or null: such a command (pass, gpg, op) may ask at the terminal.
     */
    static Path secretCommand(String[] args, Map<String, String> env) {
        List<Path> inventories = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if ((args[i].equals("-i") || args[i].equals("--inventory")) && i + 1 < args.length) {
                inventories.add(Path.of(args[i + 1]));
            } else if (args[i].startsWith("--inventory=")) {
                inventories.add(Path.of(args[i].substring("--inventory=".length())));
            }
        }
        if (inventories.isEmpty()) {
            String fromEnv = env.get("MUSTER_INVENTORY");
            if (fromEnv != null && !fromEnv.isBlank()) {
                for (String p : fromEnv.split(java.io.File.pathSeparator)) {
                    if (!p.isBlank()) {
                        inventories.add(Path.of(p));
                    }
                }
            } else {
                inventories.add(Path.of("inventory.yaml"));
            }
        }
        List<Path> files = new ArrayList<>();
        for (Path inv : inventories) {
            Path abs = inv.toAbsolutePath();
            files.add(abs);
            for (String vars : List.of("group_vars", "host_vars")) {
                Path d = abs.resolveSibling(vars);
                if (Files.isDirectory(d)) {
                    try (var walk = Files.walk(d, 2)) {
                        walk.filter(Files::isRegularFile).limit(200).forEach(files::add);
                    } catch (IOException | RuntimeException ignored) {
                        // unreadable: the command itself says so
                    }
                }
            }
        }
        for (Path f : files) {
            try {
                if (Files.isRegularFile(f) && Files.size(f) < 16 << 20
                        && SECRET_COMMAND.matcher(Files.readString(f, StandardCharsets.ISO_8859_1)).find()) {
                    return f;
                }
            } catch (IOException | RuntimeException ignored) {
                // unreadable: the command itself says so
            }
        }
        return null;
    }

    /** The first encrypted key among --identity files and ~/.ssh's default ones, or null. */
    static Path encryptedKey(String[] args, Map<String, String> env) {
        List<Path> keys = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals("--identity") && i + 1 < args.length) {
                keys.add(Path.of(args[i + 1]));
            } else if (args[i].startsWith("--identity=")) {
                keys.add(Path.of(args[i].substring("--identity=".length())));
            }
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            keys.add(Path.of(home, ".ssh", name));
        }
        for (Path k : keys) {
            if (encrypted(k)) {
                return k;
            }
        }
        return null;
    }

    /** An OpenSSH key whose cipher is not "none", or a PEM key marked ENCRYPTED. */
    static boolean encrypted(Path key) {
        try {
            if (!Files.isRegularFile(key) || Files.size(key) > 1 << 16) {
                return false;
            }
            String text = Files.readString(key, StandardCharsets.ISO_8859_1);
            String begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
            int b = text.indexOf(begin);
            if (b < 0) {
                return text.contains("-----BEGIN") && text.contains("ENCRYPTED");
            }
            int e = text.indexOf("-----END", b);
            byte[] blob = java.util.Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e < 0 ? text.length() : e));
            byte[] magic = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer buf = ByteBuffer.wrap(blob);
            if (blob.length < magic.length + 4 || !java.util.Arrays.equals(blob, 0, magic.length, magic, 0, magic.length)) {
                return false;
            }
            buf.position(magic.length);
            int len = buf.getInt();
            if (len < 0 || len > buf.remaining()) {
                return false;
            }
            return !new String(blob, buf.position(), len, StandardCharsets.US_ASCII).equals("none");
        } catch (IOException | RuntimeException e) {
            return false;
        }
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
        return socketFor(System.getenv(), System.getProperty("user.dir"), BuildId.current());
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
        return switch (code) {
            case FALL_BACK, LOST -> {
                out.println("no persist daemon for this directory and environment (a closing one hung up)");
                yield ExitCodes.OK;
            }
            case REFUSED -> {
                out.println("the persist daemon at " + socket + " is of another muster build");
                yield ExitCodes.OK;
            }
            case NO_ANSWER -> {
                err.println("muster: the persist daemon at " + socket + " does not answer");
                yield ExitCodes.RUN_BROKE;
            }
            default -> code;
        };
    }

    /**
     * Sends the request and copies the answer to {@code out} and {@code err} until the exit frame;
     * returns its code, or: {@link #FALL_BACK} if the daemon hung up before accepting,
     * {@link #REFUSED} if it is of another build, {@link #NO_ANSWER} if it did not accept in time
     * ({@value #ACCEPT_TIMEOUT}, default 10 s), {@link #LOST} if it went away during the command.
     */
    static int relay(SocketChannel ch, PersistWire.Request req, PrintStream out, PrintStream err, boolean passCtrlC) {
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch accepted = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        Duration acceptTimeout = Duration.ofSeconds(10);
        String given = System.getProperty(ACCEPT_TIMEOUT);
        if (given != null) {
            acceptTimeout = DurationConverter.parse(given);
        }
        long timeoutMs = acceptTimeout.toMillis();
        // a daemon that takes the connection but never answers (stopped, stuck) must not hold the command
        Thread.ofPlatform().daemon().name("muster-persist-accept-wait").start(() -> {
            try {
                if (!accepted.await(timeoutMs, TimeUnit.MILLISECONDS) && done.getCount() > 0) {
                    timedOut.set(true);
                    ch.close();
                }
            } catch (InterruptedException | IOException ignored) {
                // the command is over either way
            }
        });
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
            while (true) {
                PersistWire.Frame f = PersistWire.Frame.read(in);
                if (f == null) {
                    return accepted.getCount() > 0 ? (timedOut.get() ? NO_ANSWER : FALL_BACK) : LOST;
                }
                switch (f.type()) {
                    case PersistWire.ACCEPTED -> accepted.countDown();
                    case PersistWire.NOT_SERVED -> {
                        return REFUSED;
                    }
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
                        // not this wire: before the command started nothing ran
                        return accepted.getCount() > 0 ? FALL_BACK : LOST;
                    }
                }
            }
        } catch (IOException e) {
            return accepted.getCount() > 0 ? (timedOut.get() ? NO_ANSWER : FALL_BACK) : LOST;
        } finally {
            done.countDown();
            accepted.countDown();
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

    /**
     * Starts a daemon in its own session (Ctrl-C here must not reach it) and waits for its socket.
     * Clients starting at the same moment take turns on a lock beside the socket: the first starts
     * the daemon, the others find its socket, so exactly one daemon is started.
     */
    private static SocketChannel spawnAndConnect(Path socket, Duration persist) {
        Path lockPath = socket.resolveSibling(socket.getFileName() + ".spawn");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (FileChannel lockFile = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            while ((lock = lockFile.tryLock()) == null) {
                if (System.nanoTime() > deadline) {
                    return null;
                }
                Thread.sleep(10);
            }
            try {
                SocketChannel ch = connect(socket);   // another client started one meanwhile
                return ch != null ? ch : spawn(socket, persist, deadline);
            } finally {
                lock.release();
            }
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static SocketChannel spawn(Path socket, Duration persist, long deadline) throws InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.addAll(daemonJvm());
        cmd.addAll(List.of(DAEMON_MAIN, "--socket", socket.toString(), "--persist", persist.toString(),
                "--build", BuildId.current()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logOf(socket).toFile()))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        while (System.nanoTime() < deadline) {
            SocketChannel ch = connect(socket);
            if (ch != null) {
                return ch;
            }
            if (!p.isAlive()) {
                return connect(socket);   // it failed, or found another daemon holding the lock
            }
            Thread.sleep(10);
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
        return List.of(java, "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"));
    }

    static Path logOf(Path socket) {
        return socket.resolveSibling(socket.getFileName().toString().replace(".sock", ".log"));
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

    /**
     * "10m", "90s", "1h", "500ms", or a number of seconds; "yes", "on" and "true" mean the default
     * 10 minutes; 0 (or "0s"), "off", "no" and "false" mean off (null).
     */
    static Duration parsePersist(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        switch (t) {
            case "yes", "on", "true" -> {
                return DEFAULT_PERSIST;
            }
            case "no", "off", "false" -> {
                return null;
            }
            default -> {
            }
        }
        Duration d;
        try {
            d = t.startsWith("pt") ? Duration.parse(t) : DurationConverter.parse(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (expected e.g. 10m, 90s, 1h; 0 turns it off)");
        }
        return d.isZero() || d.isNegative() ? null : d;
    }
}
