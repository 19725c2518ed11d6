package dev.muster.cli.command;

import dev.muster.cli.output.Terminal;
import dev.muster.core.Redactor;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.SshOptions;
import dev.muster.core.secret.KnownSecrets;
import dev.muster.ssh.SshTransport;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one command runs with besides its arguments: the environment it sees, whether it talks to a
 * terminal, where its Ctrl-C comes from, where its SSH transport comes from, and the secrets it has
 * resolved. The launcher makes one per command line, the persist daemon one per client request;
 * picocli's factory ({@link Commands#factory}) hands it to each command object it makes. Nothing of
 * it is global, so the daemon's concurrent commands keep theirs apart.
 */
public final class CommandContext {
    /** Where Ctrl-C comes from when it is not this JVM's signal: in the persist daemon, the client. */
    public interface Interrupts {
        void add(Runnable stop);

        void remove(Runnable stop);
    }

    /** SSH transports that outlive one command (the persist daemon's); closing the one returned releases it. */
    public interface SharedSessions {
        Transport acquire(TransportOptions options, Function<String, SshOptions> aliases);
    }

    private final Map<String, String> env;
    private final Boolean tty;
    private final Interrupts interrupts;
    private final SharedSessions sessions;
    private final KnownSecrets secrets = new KnownSecrets();

    private CommandContext(Map<String, String> env, Boolean tty, Interrupts interrupts, SharedSessions sessions) {
        this.env = env;
        this.tty = tty;
        this.interrupts = interrupts;
        this.sessions = sessions;
    }

    /** A command in its own process: this process's environment and terminal, Ctrl-C from the JVM's signal. */
    public static CommandContext process() {
        return new CommandContext(null, null, null, null);
    }

    /** As this, seeing {@code env} instead of this process's environment (empty: this process's). */
    public CommandContext withEnv(Map<String, String> env) {
        return env == null || env.isEmpty() ? this : new CommandContext(Map.copyOf(env), tty, interrupts, sessions);
    }

    /** As this, as if it did (or did not) talk to a terminal: the persist daemon's client says which. */
    public CommandContext withTerminal(boolean tty) {
        return new CommandContext(env, tty, interrupts, sessions);
    }

    /** As this, with Ctrl-C coming from {@code interrupts} instead of the JVM's signal. */
    public CommandContext withInterrupts(Interrupts interrupts) {
        return new CommandContext(env, tty, interrupts, sessions);
    }

    /** As this, taking its SSH transport from {@code sessions}, whose sessions outlive the command. */
    public CommandContext withSessions(SharedSessions sessions) {
        return new CommandContext(env, tty, interrupts, sessions);
    }

    /** The same settings for another command this one runs (demo, train), with secrets of its own. */
    public CommandContext next() {
        return new CommandContext(env, tty, interrupts, sessions);
    }

    /**
     * The environment the command sees: $MUSTER_INVENTORY, $MUSTER_HOME, {@code {secret: {env: NAME}}},
     * NO_COLOR... In the persist daemon it is the client's. This is the one place the package reads
     * the process's environment: every command reads its variables here.
     */
    public Map<String, String> env() {
        return env != null ? env : System.getenv();
    }

    /** {@code name}'s value in the command's environment, or null when it is unset or blank. */
    String variable(String name) {
        String value = env().get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** Where the run store and the server's data live by default: $MUSTER_HOME, else ~/.muster. */
    Path home() {
        String home = variable("MUSTER_HOME");
        return home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".muster");
    }

    /** The inventory files $MUSTER_INVENTORY names (separated as PATH is), or null when it is unset or blank. */
    List<Path> inventoryFromEnv() {
        String list = variable("MUSTER_INVENTORY");
        if (list == null) {
            return null;
        }
        List<Path> files = new ArrayList<>();
        for (String p : list.split(File.pathSeparator)) {
            if (!p.isBlank()) {
                files.add(Path.of(p));
            }
        }
        return files;
    }

    /** Whether NO_COLOR (https://no-color.org) is set in the command's environment. */
    boolean noColor() {
        String noColor = env().get("NO_COLOR");
        return noColor != null && !noColor.isEmpty();
    }

    /** Whether the command talks to a terminal (stdin and stdout both). */
    public boolean tty() {
        return tty != null ? tty : Terminal.isTerminal();
    }

    /** Where the command prints, with colour and progress only on a terminal (and never with NO_COLOR). */
    public Terminal terminal(PrintWriter out, PrintWriter err) {
        return Terminal.of(out, err, tty(), env());
    }

    /** Masks every secret value the command has resolved so far (for the error message it ends with). */
    public Redactor redactor() {
        return Redactor.of(List.of(), secrets);
    }

    KnownSecrets secrets() {
        return secrets;
    }

    /** Calls {@code stop} on Ctrl-C until closed; closing holds the exit until the command has printed. */
    OnInterrupt onInterrupt(Runnable stop) {
        return new OnInterrupt(interrupts, stop);
    }

    /** The SSH transport for these options: the daemon's shared one, else a new one the command closes. */
    Transport transport(TransportOptions options, Function<String, SshOptions> aliases) {
        return sessions != null ? sessions.acquire(options, aliases) : new SshTransport(options.forOneCommand(aliases));
    }
}
