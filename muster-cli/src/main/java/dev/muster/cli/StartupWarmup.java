package dev.muster.cli;

import dev.muster.ssh.SshTransport;
import java.math.BigDecimal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * One-time set-up that does not depend on the arguments, done on the second core while the main
 * thread parses them. Every piece is something the command would otherwise do on its own, in
 * line, before its first connection.
 */
final class StartupWarmup {
    private StartupWarmup() {
    }

    /**
     * Starts the work on daemon threads; {@code ssh} when the command will open SSH sessions,
     * whose crypto set-up then runs on a thread of its own, as the transport waits for it.
     */
    static void start(boolean ssh) {
        if (ssh) {
            Thread.ofPlatform().daemon().name("muster-ssh-warmup").start(SshTransport::warmUp);
        }
        Thread.ofPlatform().daemon().name("muster-warmup").start(StartupWarmup::run);
    }

    static void run() {
        // picocli reads every command through annotations; the JDK generates a proxy class for
        // each annotation type on first use (~30 ms of start-up here).
        for (var field : Annotated.class.getDeclaredFields()) {
            field.getAnnotations();
        }
        Annotated.class.getAnnotations();
        // Jackson's parsers (inventory, config) initialize BigDecimal, whose static set-up squares
        // large numbers (~15-40 ms here), and the run store's ObjectMapper builds its date
        // formats and locale data (~20 ms).
        BigDecimal.ONE.signum();
        initialize("com.fasterxml.jackson.databind.ObjectMapper");
    }

    private static void initialize(String className) {
        try {
            Class.forName(className, true, StartupWarmup.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // the command itself reports it, if it needs the class
        }
    }

    /** One of each picocli annotation muster uses. */
    @Command(name = "warmup")
    private static final class Annotated {
        @Option(names = "-w")
        boolean option;
        @Parameters
        String parameter;
        @Mixin
        Object mixin;
    }
}
