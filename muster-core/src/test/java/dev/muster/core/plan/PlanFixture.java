package dev.muster.core.plan;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Plan files in a temporary directory, read against a small inventory. */
final class PlanFixture {
    static final String INVENTORY = """
            hosts:
              "web[01-10]": {address: "127.0.1.[1-10]", env: prod, labels: {role: web}}
              "db[01-02]": {env: prod, labels: {role: db}}
              "stage[01-02]": {env: staging}
            groups:
              web: {hosts: ["web[01-10]"]}
              db: {hosts: ["db[01-02]"]}
            environments:
              prod: {protected: true}
              staging: {}
            """;

    final Path dir;
    final Inventory inventory;

    PlanFixture(Path dir) {
        this.dir = dir;
        this.inventory = new InventoryLoader().load(write("inventory.yaml", INVENTORY));
    }

    Path write(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Plan read(String yaml) {
        return PlanReader.read(write("plan.yaml", yaml), inventory);
    }

    /** Every problem reported for {@code yaml}, file names relative to the fixture directory. */
    List<String> errors(String yaml) {
        try {
            read(yaml);
        } catch (InputException e) {
            return e.problems().stream().map(p -> p.getMessage().replace(dir + "/", "")).toList();
        }
        throw new AssertionError("expected problems in:\n" + yaml);
    }
}
