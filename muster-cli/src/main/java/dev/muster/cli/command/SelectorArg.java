package dev.muster.cli.command;

import picocli.CommandLine.Parameters;

/** The SELECTOR that host commands take as their first argument, declared once. */
final class SelectorArg {
    @Parameters(index = "0", paramLabel = "SELECTOR", description = "Which hosts (see 'muster hosts').")
    String selector;
}
