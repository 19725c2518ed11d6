package dev.muster.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a PostgreSQL store's password is read from, so it stays out of the URL (and so out of ps). */
final class StorePassword {
    @Option(names = "--store-password-file", paramLabel = "FILE",
            description = "Read the PostgreSQL password from the first line of FILE. Without it (and without one in "
                    + "the URL): $PGPASSWORD, then the matching line of $PGPASSFILE or ~/.pgpass.")
    Path file;
}
