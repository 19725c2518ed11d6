package dev.muster.cli.vault;

import dev.muster.cli.command.ExitCodes;
import dev.muster.cli.command.VaultOptions;
import dev.muster.core.secret.VaultFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code muster vault decrypt FILE...}: decrypts whole vault files in place (or to --output). */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Decrypt whole vault files in place (they are then in clear on disk: prefer view or edit), "
                + "or to --output FILE, or to standard output with --output -.")
final class VaultDecryptCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    VaultOptions vault;

    @Option(names = "--output", paramLabel = "FILE", description = "Write here instead (one input file; - for standard output).")
    String output;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() {
        VaultFileOutput.checkOne(output, files);
        for (Path file : files) {
            VaultFileOutput.write(spec, output, file, VaultFiles.decrypt(file, vault.keys()));
        }
        if (!"-".equals(output)) {
            spec.commandLine().getErr().println("Decryption successful");
        }
        return ExitCodes.OK;
    }
}
