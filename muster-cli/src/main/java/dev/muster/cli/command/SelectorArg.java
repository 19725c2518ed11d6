package dev.muster.cli.command;

import picocli.CommandLine.Parameters;

/**
 * The SELECTOR that host commands take, declared once: first, or optional (hosts). push and template
 * take it third, after SRC DEST, and declare it there with {@link #HELP} (picocli refuses a mixin
 * whose only positional parameter is not the first).
 */
final class SelectorArg {
    static final String HELP = "Which hosts: names, globs, @group, label=value, joined with ',' '&' '!' and () "
            + "(see docs/selectors.md; 'muster hosts SELECTOR' shows them).";

    @Parameters(index = "0", paramLabel = "SELECTOR", description = HELP)
    String selector;

    /** The SELECTOR of {@code muster hosts}: optional, every host when left out. */
    static final class OrAll {
        @Parameters(index = "0", arity = "0..1", defaultValue = "all", paramLabel = "SELECTOR",
                description = HELP + " Default: ${DEFAULT-VALUE}.")
        String selector;
    }
}
