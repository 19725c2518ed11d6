package dev.muster.cli.command;

import dev.muster.cli.output.Terminal;
import dev.muster.core.Redactor;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.SshOptions;
import dev.muster.core.secret.KnownSecrets;
import dev.muster.ssh.SshTransport;
import java.io.PrintWriter;
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

    /** The environment the command sees: {@code {secret: {env: NAME}}}, $MUSTER_VAULT_PASSWORD_FILE, NO_COLOR. */
    public Map<String, String> env() {
        return env != null ? env : System.getenv();
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
