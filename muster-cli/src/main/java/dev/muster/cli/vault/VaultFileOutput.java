package dev.muster.cli.vault;

import dev.muster.core.InputException;
import dev.muster.core.secret.VaultFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Where the vault file commands write: in place, to --output FILE, or to standard output for "-". */
final class VaultFileOutput {
    private VaultFileOutput() {
    }

    static void checkOne(String output, List<Path> files) {
        if (output != null && files.size() != 1) {
            throw InputException.option("--output", "takes exactly one input file, got " + files.size());
        }
    }

    static void write(picocli.CommandLine.Model.CommandSpec spec, String output, Path file, byte[] bytes) {
        try {
            if ("-".equals(output)) {
                java.io.PrintWriter out = spec.commandLine().getOut();
                out.print(new String(bytes, StandardCharsets.UTF_8));
                out.flush();
            } else {
                VaultFiles.write(output == null ? file : Path.of(output), bytes);
            }
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }
}
