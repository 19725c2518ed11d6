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
 * line: a first run of a command pays for all three before its first connection.
 */
final class StartupWarmup {
    private StartupWarmup() {
    }

    /** Starts the work on a daemon thread; {@code ssh} when the command will open SSH sessions. */
    static void start(boolean ssh) {
        Thread.ofPlatform().daemon().name("muster-warmup").start(() -> run(ssh));
    }

    static void run(boolean ssh) {
        // picocli reads every command through annotations; the JDK generates a proxy class for
        // each annotation type on first use (~30 ms of start-up here).
        for (var field : Annotated.class.getDeclaredFields()) {
            field.getAnnotations();
        }
        Annotated.class.getAnnotations();
        // Jackson's parsers (inventory, config) initialize BigDecimal, whose static set-up squares
        // large numbers (~15-40 ms here).
        BigDecimal.ONE.signum();
        if (ssh) {
            SshTransport.warmUp();
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
