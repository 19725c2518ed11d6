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
import picocli.CommandLine.Parameters;

/** {@code muster vault view FILE...}: prints the plaintext; nothing is written to disk. */
@Command(name = "view", mixinStandardHelpOptions = true, description = "Print the decrypted content of vault files.")
final class VaultViewCommand implements Callable<Integer> {
    @Mixin
    VaultOptions vault;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() {
        java.io.PrintWriter out = vault.out();
        for (Path file : files) {
            byte[] plain = VaultFiles.decrypt(file, vault.keys());
            out.print(new String(plain, StandardCharsets.UTF_8));
            java.util.Arrays.fill(plain, (byte) 0);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
