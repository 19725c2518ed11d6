package dev.muster.cli.vault;

import dev.muster.cli.command.ExitCodes;
import dev.muster.cli.command.VaultOptions;
import dev.muster.core.InputException;
import dev.muster.core.secret.VaultFiles;
import dev.muster.core.secret.VaultKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code muster vault edit FILE}: the plaintext goes to a private temporary file (0600 in a 0700
 * directory, under $XDG_RUNTIME_DIR when set, a RAM file system on most systems), $EDITOR edits it,
 * and a changed text is encrypted again with the vault id that opened it. The temporary file is
 * overwritten with zeros and deleted, whatever happens.
 */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "Edit a vault file with $VISUAL or $EDITOR (default vi); re-encrypted with the same vault id "
                + "when changed.")
final class VaultEditCommand implements Callable<Integer> {
    @Mixin
    VaultOptions vault;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws IOException, InterruptedException {
        VaultKeys.Opened opened = VaultFiles.open(file, vault.keys());
        Path dir = privateDir();
        Path plain = dir.resolve(file.getFileName().toString());
        try {
            Files.write(plain, opened.plaintext());
            Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-------"));
            int exit = edit(plain);
            if (exit != 0) {
                throw InputException.in(file, "the editor exited with code " + exit
                        + ": the file is left as it was");
            }
            byte[] edited = Files.readAllBytes(plain);
            if (Arrays.equals(edited, opened.plaintext())) {
                vault.err().println("unchanged: " + file);
            } else {
                String text = VaultKeys.encryptWith(edited, opened.key()).format();
                VaultFiles.write(file, text.getBytes(StandardCharsets.US_ASCII));
            }
            Arrays.fill(edited, (byte) 0);
        } finally {
            Arrays.fill(opened.plaintext(), (byte) 0);
            shred(plain);
            Files.deleteIfExists(dir);
        }
        return ExitCodes.OK;
    }

    private static Path privateDir() throws IOException {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        Path base = runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))
                ? Path.of(runtime) : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createTempDirectory(base, "muster-vault-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Runs the editor through sh, so EDITOR may carry arguments ("code -w"). */
    private static int edit(Path plain) throws IOException, InterruptedException {
        String editor = System.getenv("VISUAL");
        if (editor == null || editor.isBlank()) {
            editor = System.getenv("EDITOR");
        }
        if (editor == null || editor.isBlank()) {
            editor = "vi";
        }
        return new ProcessBuilder("sh", "-c", editor + " \"$1\"", "muster-vault-edit", plain.toString())
                .inheritIO().start().waitFor();
    }

    private static void shred(Path plain) throws IOException {
        if (Files.exists(plain)) {
            long size = Files.size(plain);
            try (var ch = Files.newByteChannel(plain, java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(8192);
                for (long at = 0; at < size; at += 8192) {
                    zeros.clear().limit((int) Math.min(8192, size - at));
                    ch.write(zeros);
                }
            }
            Files.delete(plain);
        }
    }
}
