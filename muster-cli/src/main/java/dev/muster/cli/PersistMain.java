package dev.muster.cli;

import dev.muster.cli.persist.PersistDaemon;

/**
 * The persist daemon's process, which {@code PersistClient} starts detached:
 * {@code PersistMain --socket PATH --persist DURATION}. Each command it serves runs through
 * {@link Main#run(String[], java.io.PrintWriter, java.io.PrintWriter, dev.muster.cli.command.CommandContext)}.
 */
public final class PersistMain {
    private PersistMain() {
    }

    public static void main(String[] args) throws Exception {
        StartupWarmup.start(true);
        PersistDaemon.serve(args, Main::run);
    }
}
