package dev.muster.cli.vault;

import dev.muster.cli.command.ExitCodes;
import dev.muster.cli.command.VaultOptions;
import dev.muster.core.InputException;
import dev.muster.core.secret.VaultEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code muster vault encrypt-string --name NAME [VALUE]}: one value as {@code NAME: !vault |} YAML. */
@Command(name = "encrypt-string", mixinStandardHelpOptions = true,
        description = {"Encrypt one value and print it as YAML to paste into an inventory or vars file, "
                + "as ansible-vault encrypt_string does:",
                "  NAME: !vault |",
                "            $ANSIBLE_VAULT;1.1;AES256",
                "            6162...",
                "Without VALUE the value is read from standard input (one trailing line break, as echo adds, "
                        + "is dropped). Format 1.2 (with the vault id) unless the vault id is 'default'."})
final class VaultEncryptStringCommand implements Callable<Integer> {
    static final String INDENT = "          ";

    @Mixin
    VaultOptions vault;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The variable name to print before the value.")
    String name;

    @Option(names = "--encrypt-vault-id", paramLabel = "LABEL",
            description = "Which of several vault ids to encrypt with.")
    String encryptId;

    @Parameters(index = "0", arity = "0..1", paramLabel = "VALUE",
            description = "The value (better read from standard input: arguments show in ps and shell history).")
    String value;

    @Override
    public Integer call() throws IOException {
        byte[] plain = value != null ? value.getBytes(StandardCharsets.UTF_8) : stdin();
        if (plain.length == 0) {
            throw InputException.in(value != null ? "VALUE" : "standard input",
                    "the value is empty: nothing to encrypt");
        }
        VaultEnvelope envelope = vault.keys().encrypt(plain, encryptId);
        java.util.Arrays.fill(plain, (byte) 0);
        PrintWriter out = vault.out();
        out.print(yaml(name, envelope.format()));
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code NAME: !vault |} then the vault text indented by ten spaces, as ansible-vault prints it. */
    static String yaml(String name, String vaultText) {
        StringBuilder out = new StringBuilder();
        if (name != null) {
            out.append(name).append(": ");
        }
        out.append("!vault |\n");
        vaultText.lines().forEach(line -> out.append(INDENT).append(line).append('\n'));
        return out.toString();
    }

    private static byte[] stdin() throws IOException {
        byte[] in = System.in.readAllBytes();
        int end = in.length;
        if (end > 0 && in[end - 1] == '\n') {
            end--;
            if (end > 0 && in[end - 1] == '\r') {
                end--;
            }
        }
        byte[] out = java.util.Arrays.copyOf(in, end);
        java.util.Arrays.fill(in, (byte) 0);
        return out;
    }
}
