package dev.muster.core.secret;

import dev.muster.core.InputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link VaultKeys} from what the user gave, as Ansible takes it:
 * <ul>
 *   <li>{@code --vault-id LABEL@SOURCE} (repeatable; {@code SOURCE} alone means label "default"),
 *       where SOURCE is a password file, an executable that prints the password (a name ending in
 *       {@code -client} gets {@code --vault-id LABEL}), or {@code prompt};</li>
 *   <li>{@code --vault-password-file FILE} (repeatable): {@code default@FILE};</li>
 *   <li>{@code --ask-vault-pass}: {@code default@prompt};</li>
 *   <li>{@code $ANSIBLE_VAULT_IDENTITY_LIST} (comma-separated vault ids), before those given on
 *       the command line;</li>
 *   <li>when the command line gives none, the file named by {@code $MUSTER_VAULT_PASSWORD_FILE},
 *       else by {@code $ANSIBLE_VAULT_PASSWORD_FILE};</li>
 *   <li>systemd credentials: in {@code $CREDENTIALS_DIRECTORY}, a file {@code vault-password} is the
 *       password of vault id "default" and {@code vault-password.LABEL} that of vault id LABEL
 *       ({@code LoadCredential=vault-password.prod:/etc/muster/prod.pass} in the unit).</li>
 * </ul>
 * A password file is read whole and stripped of surrounding white space; a script's output is
 * stripped of surrounding line breaks only; an answer at the prompt is stripped.
 */
public final class VaultIds {
    /** Asks for a password on the terminal; returns null when there is no terminal. */
    @FunctionalInterface
    public interface Prompter {
        char[] ask(String prompt);
    }

    private VaultIds() {
    }

    public static VaultKeys keys(List<String> vaultIds, List<Path> passwordFiles, boolean ask,
                                 Map<String, String> env, Prompter prompter) {
        List<VaultKeys.Key> keys = new ArrayList<>();
        String list = env.get("ANSIBLE_VAULT_IDENTITY_LIST");
        if (list != null && !list.isBlank()) {
            for (String id : list.split(",")) {
                if (!id.isBlank()) {
                    keys.add(parse(id.strip(), "$ANSIBLE_VAULT_IDENTITY_LIST", prompter));
                }
            }
        }
        for (String id : vaultIds) {
            keys.add(parse(id, "--vault-id", prompter));
        }
        for (Path file : passwordFiles) {
            keys.add(fileKey(VaultEnvelope.DEFAULT_ID, file, "--vault-password-file " + file));
        }
        if (ask) {
            keys.add(promptKey(VaultEnvelope.DEFAULT_ID, prompter));
        }
        if (vaultIds.isEmpty() && passwordFiles.isEmpty() && !ask) {
            for (String name : List.of("MUSTER_VAULT_PASSWORD_FILE", "ANSIBLE_VAULT_PASSWORD_FILE")) {
                String file = env.get(name);
                if (file != null && !file.isBlank()) {
                    keys.add(fileKey(VaultEnvelope.DEFAULT_ID, Path.of(file), "$" + name + " (" + file + ")"));
                    break;
                }
            }
        }
        keys.addAll(credentials(env.get("CREDENTIALS_DIRECTORY")));
        return new VaultKeys(keys);
    }

    /** Vault passwords given as systemd credentials: {@code vault-password} and {@code vault-password.LABEL}. */
    static List<VaultKeys.Key> credentials(String directory) {
        if (directory == null || directory.isBlank() || !java.nio.file.Files.isDirectory(Path.of(directory))) {
            return List.of();
        }
        List<VaultKeys.Key> keys = new ArrayList<>();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(Path.of(directory))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                String label = name.equals(CREDENTIAL) ? VaultEnvelope.DEFAULT_ID
                        : name.startsWith(CREDENTIAL + ".") ? name.substring(CREDENTIAL.length() + 1) : null;
                if (label != null && !label.isEmpty()) {
                    keys.add(fileKey(label, file, "systemd credential " + name));
                }
            }
        } catch (java.io.IOException e) {
            throw InputException.in("$CREDENTIALS_DIRECTORY", "cannot list " + directory + ": " + e.getMessage());
        }
        return keys;
    }

    private static final String CREDENTIAL = "vault-password";

    /** {@code LABEL@SOURCE} or {@code SOURCE}; SOURCE is a file, an executable or {@code prompt}. */
    static VaultKeys.Key parse(String spec, String option, Prompter prompter) {
        int at = spec.indexOf('@');
        String label = at < 0 ? VaultEnvelope.DEFAULT_ID : spec.substring(0, at);
        String source = at < 0 ? spec : spec.substring(at + 1);
        if (label.isEmpty() || source.isEmpty() || label.contains(";")) {
            throw InputException.option(option, "expected LABEL@FILE, LABEL@prompt or FILE, got '" + spec + "'");
        }
        if (source.equals("prompt") || source.equals("prompt_ask_vault_pass")) {
            return promptKey(label, prompter);
        }
        return fileKey(label, Path.of(source), option + " " + spec);
    }

    private static VaultKeys.Key fileKey(String label, Path file, String origin) {
        return new VaultKeys.Key(label, origin, () -> {
            String what = "the vault password " + (PrivateFiles.isProgram(file) ? "script " : "file ") + file;
            if (PrivateFiles.isProgram(file)) {
                List<String> args = isClient(file) ? List.of("--vault-id", label) : List.of();
                return strip(PrivateFiles.run(file, args, what), "\r\n");
            }
            return strip(PrivateFiles.read(file, what), " \t\r\n\u000b\f");
        });
    }

    private static VaultKeys.Key promptKey(String label, Prompter prompter) {
        return new VaultKeys.Key(label, "the prompt for vault id '" + label + "'", () -> {
            char[] answer = prompter == null ? null
                    : prompter.ask(label.equals(VaultEnvelope.DEFAULT_ID) ? "Vault password: "
                            : "Vault password (" + label + "): ");
            if (answer == null) {
                throw new InputException("a vault password for vault id '" + label
                        + "' should be asked, but there is no terminal: use --vault-password-file or --vault-id "
                        + label + "@FILE");
            }
            byte[] bytes = new String(answer).strip().getBytes(StandardCharsets.UTF_8);
            Arrays.fill(answer, '\0');
            return bytes;
        });
    }

    /** A script named {@code something-client} (any extension) is asked for one vault id. */
    static boolean isClient(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).endsWith("-client");
    }

    private static byte[] strip(byte[] bytes, String blanks) {
        int start = 0;
        int end = bytes.length;
        while (start < end && blanks.indexOf(bytes[start]) >= 0) {
            start++;
        }
        while (end > start && blanks.indexOf(bytes[end - 1]) >= 0) {
            end--;
        }
        byte[] out = Arrays.copyOfRange(bytes, start, end);
        Arrays.fill(bytes, (byte) 0);
        return out;
    }
}
