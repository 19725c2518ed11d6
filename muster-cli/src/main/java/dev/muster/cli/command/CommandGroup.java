package dev.muster.cli.command;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code plan}, {@code schedule}, {@code token},
 * {@code dead-letters}, {@code vault}): given none, it is a usage error naming the ones it has.
 */
public abstract class CommandGroup implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<String> names = new ArrayList<>(spec.subcommands().keySet());
        String last = names.removeLast();
        String choices = names.isEmpty() ? last : String.join(", ", names) + " or " + last;
        throw new ParameterException(spec.commandLine(), "a " + spec.name() + " command is required: " + choices);
    }
}
