package dev.muster.testkit;

/** How fake hosts answer exec requests. */
public enum CommandMode {
    /**
     * Common commands ({@code true}, {@code echo}, {@code uname -r}, {@code df -P /}, ...) are answered
     * without forking, so thousands of hosts stay cheap; others follow {@link UnknownCommands}.
     */
    IN_PROCESS,
    /**
     * Every command runs through {@code /bin/sh -c} in the host's directory, with HOME set to it; SFTP
     * then serves this machine's real file system too, so both see the same absolute paths.
     */
    SHELL
}
