package dev.muster.cli.command;

import picocli.CommandLine.Parameters;

/**
 * The SELECTOR that host commands take, declared once. It has no fixed index: picocli gives it
 * the position after the command's own positional parameters declared before the mixin field
 * (first for {@code run @web -- CMD}, third for {@code push SRC DEST @web}).
 */
final class SelectorArg {
    static final String HELP = "Which hosts: names, globs, @group, label=value, joined with ',' '&' '!' and () "
            + "(see docs/selectors.md; 'muster hosts SELECTOR' shows them).";

    @Parameters(paramLabel = "SELECTOR", description = HELP)
    String selector;

    /** The SELECTOR of {@code muster hosts}: optional, every host when left out. */
    static final class OrAll {
        @Parameters(arity = "0..1", defaultValue = "all", paramLabel = "SELECTOR",
                description = HELP + " Default: ${DEFAULT-VALUE}.")
        String selector;
    }
}
