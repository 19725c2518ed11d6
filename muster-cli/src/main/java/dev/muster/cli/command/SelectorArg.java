package dev.muster.cli.command;

import picocli.CommandLine.Parameters;

/** The SELECTOR that host commands take, declared once: first, third (push, template) or optional (hosts). */
final class SelectorArg {
    static final String HELP = "Which hosts: names, globs, @group, label=value, joined with ',' '&' '!' and () "
            + "(see docs/selectors.md; 'muster hosts SELECTOR' shows them).";

    @Parameters(index = "0", paramLabel = "SELECTOR", description = HELP)
    String selector;

    /** The SELECTOR of {@code push SRC DEST SELECTOR} and {@code template TEMPLATE DEST SELECTOR}. */
    static final class Third {
        @Parameters(index = "2", paramLabel = "SELECTOR", description = HELP)
        String selector;
    }

    /** The SELECTOR of {@code muster hosts}: optional, every host when left out. */
    static final class OrAll {
        @Parameters(index = "0", arity = "0..1", defaultValue = "all", paramLabel = "SELECTOR",
                description = HELP + " Default: ${DEFAULT-VALUE}.")
        String selector;
    }
}
