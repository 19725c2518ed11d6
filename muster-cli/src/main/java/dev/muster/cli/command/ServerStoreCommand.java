package dev.muster.cli.command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that works on the server's store directly ({@code schedule}, {@code token},
 * {@code dead-letters}), so it works with the server down: where the store is and where it prints.
 */
abstract class ServerStoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerStores stores;

    /** Where the subcommand prints what it did. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
