package dev.muster.cli.vault;

import dev.muster.cli.command.ExitCodes;
import dev.muster.cli.command.VaultOptions;
import dev.muster.core.secret.VaultFiles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code muster vault decrypt FILE...}: decrypts whole vault files in place (or to --output). */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Decrypt whole vault files in place (they are then in clear on disk: prefer view or edit), "
                + "or to --output FILE, or to standard output with --output -.")
final class VaultDecryptCommand implements Callable<Integer> {
    @Mixin
    VaultOptions vault;

    @Mixin
    VaultFileOutput files;

    @Override
    public Integer call() {
        files.writeEach(file -> VaultFiles.decrypt(file, vault.keys()));
        if (!files.toStandardOutput()) {
            files.err().println("Decryption successful");
        }
        return ExitCodes.OK;
    }
}
