package dev.muster.cli.command;

import dev.muster.cli.CliResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Plan files and an inventory in a test's directory, and muster run on them with a private run store. */
record PlanDir(Path dir, Path inventory) {
    /** A directory whose inventory.yaml says {@code inventoryYaml}. */
    static PlanDir of(Path dir, String inventoryYaml) {
        return new PlanDir(dir, write(dir, "inventory.yaml", inventoryYaml));
    }

    Path write(String name, String text) {
        return write(dir, name, text);
    }

    /** {@code muster ARGS -i inventory.yaml --store DIR/store}. */
    CliResult muster(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-i", inventory.toString(), "--store", dir.resolve("store").toString()));
        return CliResult.run(all);
    }

    private static Path write(Path dir, String name, String text) {
        try {
            Path f = dir.resolve(name);
            Files.createDirectories(f.getParent());
            Files.writeString(f, text);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
