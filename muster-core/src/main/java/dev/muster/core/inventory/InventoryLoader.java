package dev.muster.core.inventory;

import dev.muster.core.RunException;
import dev.muster.core.secret.KnownSecrets;
import dev.muster.core.secret.SecretResolver;
import dev.muster.core.secret.VaultFiles;
import dev.muster.core.secret.VaultKeys;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads an {@link Inventory} from one or more files. The format of each file is told from
 * its content: muster YAML, Ansible INI, Ansible YAML, or an OpenSSH client config. Later
 * files add hosts and groups; a host named again takes the later file's settings where set.
 *
 * <h2>muster YAML</h2>
 * <pre>
 * defaults: {user: deploy, port: 22, identity_file: ~/.ssh/id_ed25519}  # optional ssh defaults
 * vars: {ntp: pool.ntp.org}              # global vars
 * secrets: [db_password]                 # names of vars whose values are secret (masked in output)
 * hosts:
 *   web01: {address: 127.0.1.1, port: 2222, user: deploy, labels: {role: web, dc: fra}, env: prod, vars: {http_port: 8080}}
 *   "web[02-20]": {address: "127.0.1.[2-20]", labels: {role: web}, env: prod}
 *   db1: {address: db1.example, proxy_jump: bastion, env: prod, vars: {db_password: {secret: "s3cr3t"}}}
 *   bastion: {address: 127.0.9.1}
 * groups:
 *   web: {hosts: ["web[01-20]"], children: [frontend], vars: {http_port: 80}, env: prod}
 *   frontend: {hosts: [web01], vars: {tier: front}}
 * environments:
 *   prod: {vars: {log_level: warn}, protected: true}
 *   dev: {vars: {log_level: debug}}
 * </pre>
 * <ul>
 *   <li>Host keys: {@code address, port, user, identity_file} (one or a list), {@code proxy_jump,
 *       connect_timeout} (seconds, or 500ms/10s/2m/1h), {@code known_hosts_file, labels, env, vars}.
 *       {@code defaults} takes the ssh keys only. Unknown keys are errors.</li>
 *   <li>A host key may be a range ({@code web[02-20]}); an address with a range of the same
 *       length is zipped with it, a plain address is shared. Without an address, a host is
 *       reached at its name (or its ssh_config HostName).</li>
 *   <li>A host listed only in a group's {@code hosts} exists with its name as address.</li>
 *   <li>A var written {@code {secret: "xyz"}} has the value "xyz" and is secret; so are the
 *       values of vars named under {@code secrets} wherever they are set.</li>
 *   <li>Environment of a host: its {@code env}, else the env of a group it belongs to (two groups
 *       with different envs is an error), else none. The environment is also the label {@code env}.</li>
 *   <li>Every host is in the implicit group {@code all}, and in each group that lists it directly
 *       or through {@code children}.</li>
 * </ul>
 *
 * <h2>Variable precedence (later wins), Ansible's for what Ansible has</h2>
 * <ol>
 *   <li>global {@code vars} (and Ansible {@code all} vars)</li>
 *   <li>group vars: parent groups before child groups, then by {@code ansible_group_priority},
 *       then by name</li>
 *   <li>{@code group_vars/all} beside the inventory, then in {@link #varsDir(Path)}</li>
 *   <li>{@code group_vars/GROUP} beside the inventory (groups in the order above), then in the vars dir</li>
 *   <li>host vars, then {@code host_vars/HOST} beside the inventory, then in the vars dir</li>
 *   <li>environment vars</li>
 *   <li>extra vars from the command line ({@link #extraVars(Map)})</li>
 * </ol>
 *
 * <h2>SSH options (first set wins)</h2>
 * The host's own settings, then Ansible connection vars after merging ({@code ansible_host,
 * ansible_port, ansible_user, ansible_ssh_private_key_file}), then {@code defaults}, then
 * ssh_config ({@link #sshConfig(Path)}) for the host name, then the host name as address.
 *
 * <h2>Other formats</h2>
 * Ansible INI ({@code [group]}, {@code host key=value}, {@code web[01:20]}, {@code host:port},
 * {@code [group:vars]}, {@code [group:children]}, {@code [all:vars]}; values stay strings),
 * Ansible YAML ({@code all: {hosts, vars, children}}), and ssh_config (each non-wildcard
 * {@code Host} alias becomes a host with its resolved settings).
 *
 * <p>Errors are {@link dev.muster.core.InputException}s naming file, line and column and what was
 * expected; a missing inventory file is a {@link RunException}.
 */
public final class InventoryLoader {
    private Path sshConfigPath;
    private Path varsDir;
    private Map<String, Object> extraVars = Map.of();
    private SecretResolver secrets;

    /**
     * How this command resolves secrets: its vault passwords, environment and the values resolved
     * so far. Default: no vault passwords, this process's environment.
     */
    public InventoryLoader secrets(SecretResolver resolver) {
        this.secrets = resolver;
        return this;
    }

    /** Shorthand for {@link #secrets(SecretResolver)} with these vault passwords. */
    public InventoryLoader vaultKeys(VaultKeys keys) {
        return secrets(new SecretResolver(keys, System.getenv(), new KnownSecrets()));
    }

    /** An ssh_config to fill unset ssh options from; null or a missing file is ignored. */
    public InventoryLoader sshConfig(Path path) {
        this.sshConfigPath = path;
        return this;
    }

    /**
     * A playbook directory whose {@code group_vars/} and {@code host_vars/} apply too, winning over
     * those beside the inventory (Ansible's playbook directory); null for none.
     */
    public InventoryLoader varsDir(Path dir) {
        this.varsDir = dir;
        return this;
    }

    /** Variables from the command line; they win over everything else. */
    public InventoryLoader extraVars(Map<String, Object> vars) {
        this.extraVars = new LinkedHashMap<>(vars);
        return this;
    }

    public Inventory load(Path... files) {
        return load(Arrays.asList(files));
    }

    public Inventory load(List<Path> files) {
        Draft draft = new Draft(resolver());
        List<Path> dirs = new java.util.ArrayList<>();
        for (Path file : files) {
            read(file.toString(), readFile(file), file.toAbsolutePath().getParent(), draft);
            dirs.add(file.toAbsolutePath().getParent());
        }
        draft.addGroupMembers();
        VarsDirs.load(draft, dirs, varsDir);
        return resolve(draft);
    }

    /** Loads from text already in memory; {@code source} names it in errors. */
    Inventory loadText(String source, String text) {
        Draft draft = new Draft(resolver());
        read(source, text, null, draft);
        return resolve(draft);
    }

    private SecretResolver resolver() {
        if (secrets == null) {
            secrets = SecretResolver.plain();
        }
        return secrets;
    }

    private Inventory resolve(Draft draft) {
        SshConfig config = sshConfigPath != null && Files.isRegularFile(sshConfigPath)
                ? SshConfig.parse(sshConfigPath) : null;
        return new InventoryResolver(draft, config, extraVars).resolve();
    }

    /**
     * Reads one file into the draft. A vault-encrypted file is decrypted first (it needs a vault
     * password now), and every string variable value in it is secret.
     */
    static void read(String source, String text, Path baseDir, Draft draft) {
        boolean encrypted = VaultFiles.isVault(text);
        String clear = VaultFiles.text(source, text, draft.secrets.keys());
        draft.baseDir = baseDir;
        draft.encryptedFile = encrypted;
        try {
            readClear(source, clear, baseDir, draft);
        } finally {
            draft.encryptedFile = false;
        }
    }

    private static void readClear(String source, String text, Path baseDir, Draft draft) {
        switch (InventoryFormat.detectText(text)) {
            case ANSIBLE_INI -> AnsibleIniReader.read(source, text, draft);
            case SSH_CONFIG -> readSshConfig(SshConfig.parse(text, source, null), source, draft);
            default -> {
                YamlNode root = YamlTree.read(source, text);
                if (root == null) {
                    return;
                }
                if (InventoryFormat.ofYaml(root) == InventoryFormat.ANSIBLE_YAML) {
                    AnsibleYamlReader.read(root, draft);
                } else {
                    MusterYamlReader.read(root, draft);
                }
            }
        }
    }

    private static void readSshConfig(SshConfig config, String source, Draft draft) {
        for (String alias : config.concreteAliases()) {
            Draft.HostDraft host = draft.host(alias, new Where(source, 0, 0));
            host.ssh = config.resolve(alias).orElse(host.ssh);
        }
    }

    private static String readFile(Path file) {
        if (!Files.exists(file)) {
            throw new RunException("no inventory: " + file + " does not exist");
        }
        try {
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw dev.muster.core.InputException.in(file, "not a text file (expected UTF-8)", e);
        } catch (IOException e) {
            throw new RunException("cannot read inventory " + file + ": " + e.getMessage(), e);
        }
    }
}
