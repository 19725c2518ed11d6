package dev.muster.cli;

import dev.muster.testkit.FakeFleet;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * A short, representative workload for the launcher's AOT cache: start a few in-process hosts
 * and run the commands users run most, with all output discarded.
 */
@Command(name = "train", hidden = true, description = "Training run for the start-up cache (used by the launcher).")
final class TrainCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("muster-train-");
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        try (FakeFleet fleet = FakeFleet.builder().dir(dir).hosts(4).start()) {
            String[] common = {"-i", fleet.inventory().toString(), "--known-hosts", fleet.knownHosts().toString(),
                    "--identity", fleet.clientKey().privateKeyFile().toString(), "--store",
                    dir.resolve("home").toString()};
            Main.run(concat(new String[] {"hosts", "all"}, common), sink, sink);
            Main.run(concat(new String[] {"run", "all"}, common, new String[] {"--", "uname", "-r"}), sink, sink);
            Main.run(concat(new String[] {"run", "all", "--json"}, common, new String[] {"--", "true"}), sink, sink);
        }
        return ExitCodes.OK;
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
