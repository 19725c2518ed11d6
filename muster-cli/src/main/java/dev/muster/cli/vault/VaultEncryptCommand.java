package dev.muster.cli.vault;

import dev.muster.cli.command.ExitCodes;
import dev.muster.cli.command.VaultOptions;
import dev.muster.core.secret.VaultFiles;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code muster vault encrypt FILE...}: encrypts whole files in place (or to --output). */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = "Encrypt whole files (inventories, vars files, plans) in place, keeping their mode; "
                + "a file that is already vault data is refused.")
final class VaultEncryptCommand implements Callable<Integer> {
    @Mixin
    VaultOptions vault;

    @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "Which of several vault ids to encrypt with.")
    String encryptId;

    @Mixin
    VaultFileOutput files;

    @Override
    public Integer call() {
        files.writeEach(file -> {
            byte[] plain = VaultFiles.read(file);
            String vaultText = VaultFiles.encrypt(file, plain, vault.keys(), encryptId);
            Arrays.fill(plain, (byte) 0);
            return vaultText.getBytes(StandardCharsets.US_ASCII);
        });
        files.err().println("Encryption successful");
        return ExitCodes.OK;
    }
}
