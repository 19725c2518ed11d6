package dev.muster.cli.vault;

import dev.muster.cli.command.ExitCodes;
import dev.muster.cli.command.VaultOptions;
import dev.muster.core.secret.VaultFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code muster vault encrypt FILE...}: encrypts whole files in place (or to --output). */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = "Encrypt whole files (inventories, vars files, plans) in place, keeping their mode; "
                + "a file that is already vault data is refused.")
final class VaultEncryptCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    VaultOptions vault;

    @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "Which of several vault ids to encrypt with.")
    String encryptId;

    @Option(names = "--output", paramLabel = "FILE", description = "Write here instead (one input file; - for standard output).")
    String output;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() {
        VaultFileOutput.checkOne(output, files);
        for (Path file : files) {
            byte[] plain = VaultFiles.read(file);
            String vaultText = VaultFiles.encrypt(file, plain, vault.keys(), encryptId);
            java.util.Arrays.fill(plain, (byte) 0);
            VaultFileOutput.write(spec, output, file, vaultText.getBytes(StandardCharsets.US_ASCII));
        }
        spec.commandLine().getErr().println("Encryption successful");
        return ExitCodes.OK;
    }
}
