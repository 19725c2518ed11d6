package dev.muster.testkit;

/** What an {@link CommandMode#IN_PROCESS} host does with a command it cannot answer itself. */
public enum UnknownCommands {
    /** Exit 127 with "sh: 1: NAME: not found" on stderr, as dash does. */
    NOT_FOUND,
    /** Run it through {@code /bin/sh -c} in the host's directory. */
    RUN_IN_SHELL
}
