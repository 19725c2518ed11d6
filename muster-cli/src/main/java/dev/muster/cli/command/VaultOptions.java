package dev.muster.cli.command;

import dev.muster.core.secret.VaultIds;
import dev.muster.core.secret.VaultKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where vault passwords come from, as Ansible takes them; shared by every command that reads inventories. */
public final class VaultOptions {
    @Option(names = "--vault-id", paramLabel = "LABEL@SOURCE",
            description = "Vault password for vault id LABEL (repeatable): SOURCE is a private file, an executable "
                    + "printing the password, or 'prompt'. A SOURCE alone is for vault id 'default'.")
    List<String> vaultIds = new ArrayList<>();

    @Option(names = "--vault-password-file", paramLabel = "FILE",
            description = "Vault password file (repeatable; mode 0600, or an executable printing the password). "
                    + "Default: $MUSTER_VAULT_PASSWORD_FILE, else $ANSIBLE_VAULT_PASSWORD_FILE.")
    List<Path> passwordFiles = new ArrayList<>();

    @Option(names = {"--ask-vault-pass", "--ask-vault-password"}, description = "Ask for the vault password on the terminal.")
    boolean ask;

    private final CommandContext context;
    private VaultKeys keys;

    /** The command these options are mixed into (picocli sets it): where the vault commands print. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Made by picocli's factory with the command's context: password files named by its environment. */
    VaultOptions(CommandContext context) {
        this.context = context;
    }

    /**
     * The keys these options give, password files named by the command's environment included;
     * passwords are read only when something is decrypted.
     */
    public synchronized VaultKeys keys() {
        if (keys == null) {
            keys = VaultIds.keys(vaultIds, passwordFiles, ask, context.env(), this::prompt);
        }
        return keys;
    }

    /** Where the command prints its result. */
    public PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** Where the command reports how it went. */
    public PrintWriter err() {
        return command.commandLine().getErr();
    }

    /** Whether a password would be asked on the terminal (the persist daemon has none). */
    boolean prompts() {
        return ask || vaultIds.stream().anyMatch(id -> id.endsWith("@prompt") || id.equals("prompt"));
    }

    /** Asks for a password on the command's terminal; null where it has none (the persist daemon's commands). */
    public char[] prompt(String text) {
        java.io.Console console = System.console();
        if (console == null || !context.tty()) {
            return null;
        }
        synchronized (VaultOptions.class) {
            return console.readPassword("%s", text);
        }
    }
}
