package dev.muster.cli.command;

import dev.muster.cli.output.Terminal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every command shares; declared once here, so help, docs and behaviour agree. picocli's
 * factory ({@link Commands#factory}) makes it with the command's {@link CommandContext}, which the
 * command reaches through it: its environment, terminal, Ctrl-C and SSH sessions.
 */
final class CommonOptions {
    private final CommandContext context;

    CommonOptions(CommandContext context) {
        this.context = context;
    }

    CommandContext context() {
        return context;
    }

    /** The command these options are mixed into (picocli sets it): where it prints. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Where the command prints, as its context says (a terminal or not, NO_COLOR). */
    Terminal terminal() {
        return context.terminal(command.commandLine().getOut(), command.commandLine().getErr());
    }

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE",
            description = "Inventory file (repeatable): muster YAML, Ansible INI/YAML or an ssh_config, "
                    + "detected from the content. Default: $MUSTER_INVENTORY, else ./inventory.yaml.")
    List<Path> inventories = new ArrayList<>();

    @Option(names = "--vars-dir", paramLabel = "DIR",
            description = "A playbook directory whose group_vars/ and host_vars/ apply too, over those beside "
                    + "the inventory (Ansible's playbook directory).")
    Path varsDir;

    @Option(names = "--ssh-config", paramLabel = "FILE",
            description = "OpenSSH client config for HostName, Port, User, IdentityFile, ProxyJump... "
                    + "Default: $MUSTER_SSH_CONFIG, else ~/.ssh/config if it exists.")
    Path sshConfig;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "known_hosts file for host key checking. Default: ~/.ssh/known_hosts.")
    Path knownHosts;

    @Option(names = "--accept-new",
            description = "Record host keys of hosts not yet in known_hosts (never changed keys).")
    boolean acceptNew;

    @Option(names = "--identity", paramLabel = "FILE", description = "Private key to use (repeatable).")
    List<Path> identities = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Login user for every host.")
    String user;

    @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "50",
            description = "Hosts at once. Default: ${DEFAULT-VALUE}.")
    int forks;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "Per-host limit for one attempt (e.g. 30s, 5m; 0 = none). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class, description = "SSH connect limit. Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Option(names = "--deadline", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Limit for the whole run; hosts not started by then are skipped.")
    Duration deadline;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "2",
            description = "Retries per host for failures a retry can help (refused, dropped, handshake), "
                    + "with exponential backoff and full jitter. Default: ${DEFAULT-VALUE}.")
    int retries;

    @Option(names = "--json", description = "One JSON object per host outcome, then a summary object.")
    boolean json;

    @Option(names = "--lines", description = "Stream every output line prefixed by its host instead of gathering.")
    boolean lines;

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "KEY=VALUE",
            description = "Extra variable (repeatable); wins over every inventory variable.")
    Map<String, String> extraVars = new LinkedHashMap<>();

    @Option(names = {"-q", "--quiet"}, description = "Only the recap (and errors).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "More detail: per-host timings and attempts.")
    boolean verbose;

    @Option(names = "--store", paramLabel = "DIR",
            description = "Run store directory. Default: $MUSTER_HOME, else ~/.muster. (muster serve also takes a "
                    + "postgresql://user@host/db URL here.)")
    String store;

    // Read by the launcher's persist client before this process starts (PersistClient.wanted); declared
    // here so every command accepts them, `persist:` is a muster.yaml key, and bad values are reported.
    @Option(names = "--persist", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Run this and later commands in a daemon that keeps SSH sessions open until idle this long "
                    + "(0 = off; see `muster persist`). Default: $MUSTER_PERSIST, else 10m.")
    java.time.Duration persist;

    @Option(names = "--no-persist", description = "Run in this process, without the persist daemon (as --persist 0).")
    boolean noPersist;

    /** Set by commands with --compress (push) before the transport is built: SSH compression on. */
    boolean compress;

    /**
     * Set by commands that visit each host once (run, push, template) before the transport is
     * built: no later step reuses a finished host's session, so the pool keeps only about two per
     * fork open (bounded memory and descriptors at 10,000 hosts) instead of thousands.
     */
    boolean visitsOnce;

    @picocli.CommandLine.Mixin
    VaultOptions vault;

    /** -i, else the files $MUSTER_INVENTORY names in the command's environment, else ./inventory.yaml. */
    List<Path> inventoryFiles() {
        if (!inventories.isEmpty()) {
            return inventories;
        }
        List<Path> fromEnv = context.inventoryFromEnv();
        return fromEnv != null ? fromEnv : List.of(Path.of("inventory.yaml"));
    }

    /** --ssh-config, else $MUSTER_SSH_CONFIG in the command's environment, else ~/.ssh/config when it exists. */
    Path sshConfigFile() {
        if (sshConfig != null) {
            return sshConfig;
        }
        String env = context.variable("MUSTER_SSH_CONFIG");
        if (env != null) {
            return Path.of(env);
        }
        Path def = Path.of(System.getProperty("user.home"), ".ssh", "config");
        return java.nio.file.Files.isRegularFile(def) ? def : null;
    }

    /** How the executor works for these options: -f, the per-host --timeout, --deadline, --retries. */
    dev.muster.core.exec.ExecutorOptions executorOptions() {
        return executorOptions(timeoutOrNull());
    }

    /** As {@link #executorOptions()} with another per-host timeout (null for none). */
    dev.muster.core.exec.ExecutorOptions executorOptions(java.time.Duration hostTimeout) {
        return new dev.muster.core.exec.ExecutorOptions(forks, hostTimeout, deadline,
                new dev.muster.core.exec.RetryPolicy(retries + 1, java.time.Duration.ofMillis(250),
                        java.time.Duration.ofSeconds(5)), 0);
    }

    /** --store, else $MUSTER_HOME in the command's environment, else ~/.muster. */
    Path storeDir() {
        return store != null ? Path.of(store) : context.home();
    }

    Duration timeoutOrNull() {
        return timeout == null || timeout.isZero() ? null : timeout;
    }
}
