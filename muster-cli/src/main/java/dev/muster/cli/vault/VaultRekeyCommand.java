package dev.muster.cli.vault;

import dev.muster.cli.command.ExitCodes;
import dev.muster.cli.command.VaultOptions;
import dev.muster.core.InputException;
import dev.muster.core.secret.VaultFiles;
import dev.muster.core.secret.VaultIds;
import dev.muster.core.secret.VaultKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code muster vault rekey FILE...}: decrypts with the current password, encrypts with a new one. */
@Command(name = "rekey", mixinStandardHelpOptions = true,
        description = "Re-encrypt vault files with a new password (--new-vault-password-file FILE or "
                + "--new-vault-id LABEL@SOURCE); the vault id becomes the new one's.")
final class VaultRekeyCommand implements Callable<Integer> {
    @Mixin
    VaultOptions vault;

    @Option(names = "--new-vault-password-file", paramLabel = "FILE", description = "The new password's file.")
    Path newPasswordFile;

    @Option(names = "--new-vault-id", paramLabel = "LABEL@SOURCE", description = "The new vault id and its password.")
    String newVaultId;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() {
        if ((newPasswordFile == null) == (newVaultId == null)) {
            throw InputException.in("rekey", "give the new password with exactly one of "
                    + "--new-vault-password-file FILE or --new-vault-id LABEL@SOURCE");
        }
        List<String> ids = newVaultId == null ? List.of() : List.of(newVaultId);
        List<Path> pwFiles = newPasswordFile == null ? List.of() : List.of(newPasswordFile);
        VaultKeys fresh = VaultIds.keys(ids, pwFiles, false, Map.of(), vault::prompt);
        List<byte[]> rekeyed = new ArrayList<>();
        for (Path file : files) {   // all decrypt before any is rewritten
            byte[] plain = VaultFiles.decrypt(file, vault.keys());
            rekeyed.add(fresh.encrypt(plain, (String) null).format().getBytes(StandardCharsets.US_ASCII));
            java.util.Arrays.fill(plain, (byte) 0);
        }
        for (int i = 0; i < files.size(); i++) {
            VaultFiles.write(files.get(i), rekeyed.get(i));
        }
        vault.err().println("Rekey successful");
        return ExitCodes.OK;
    }
}
