package dev.muster.cli.vault;

import dev.muster.core.InputException;
import dev.muster.core.secret.VaultFiles;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The files the vault file commands (encrypt, decrypt) rewrite and where the result goes: in
 * place, to --output FILE, or to standard output for "-"; declared once for both.
 */
final class VaultFileOutput {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--output", paramLabel = "FILE", description = "Write here instead (one input file; - for standard output).")
    String output;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    /** Writes {@code convert(file)} for each file where it goes; the bytes are zeroed once written. */
    void writeEach(Function<Path, byte[]> convert) {
        if (output != null && files.size() != 1) {
            throw InputException.option("--output", "takes exactly one input file, got " + files.size());
        }
        for (Path file : files) {
            write(file, convert.apply(file));
        }
    }

    /** Whether the result goes to standard output (--output -). */
    boolean toStandardOutput() {
        return "-".equals(output);
    }

    /** Where the command reports how it went. */
    PrintWriter err() {
        return command.commandLine().getErr();
    }

    private void write(Path file, byte[] bytes) {
        try {
            if (toStandardOutput()) {
                PrintWriter out = command.commandLine().getOut();
                out.print(new String(bytes, StandardCharsets.UTF_8));
                out.flush();
            } else {
                VaultFiles.write(output == null ? file : Path.of(output), bytes);
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
