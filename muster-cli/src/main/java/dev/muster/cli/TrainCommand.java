package dev.muster.cli;

import dev.muster.cli.command.CommandContext;
import dev.muster.cli.command.ExitCodes;
import dev.muster.cli.command.HostsetCommand;
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
    private final CommandContext context;

    TrainCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("muster-train-");
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        // folding and expanding large host sets (muster hostset), through the path main() takes
        String[] names = new String[2001];
        names[0] = "hostset";
        for (int i = 1; i < names.length; i++) {
            names[i] = "node" + (i * 7 % 2000) + ".dc" + (i % 3);
        }
        HostsetCommand.fast(names, sink, sink, false);
        HostsetCommand.fast(new String[] {"hostset", "-e", "rack[1-4]n[0001-0500]"}, sink, sink, false);
        // `muster --help` builds the model of every command: their classes (and the option types
        // they declare) go into the cache too, not only those of the commands run below
        Main.run(new String[] {"--help"}, sink, sink, context.next());
        try (FakeFleet fleet = FakeFleet.builder().dir(dir).hosts(4).start()) {
            String[] common = {"-i", fleet.inventory().toString(), "--known-hosts", fleet.knownHosts().toString(),
                    "--identity", fleet.clientKey().privateKeyFile().toString(), "--store",
                    dir.resolve("home").toString()};
            Main.run(concat(new String[] {"hosts", "all"}, common), sink, sink, context.next());
            Main.run(concat(new String[] {"run", "all"}, common, new String[] {"--", "uname", "-r"}), sink, sink,
                    context.next());
            Main.run(concat(new String[] {"run", "all", "--json"}, common, new String[] {"--", "true"}), sink, sink,
                    context.next());
        }
        // A push (SFTP streaming, AES-GCM, SHA-256) to one host whose commands run in a shell,
        // so the cache also holds the bulk-transfer paths' classes and profiles.
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        byte[] block = new byte[1 << 20];
        new java.util.Random(1).nextBytes(block);
        for (int i = 0; i < 8; i++) {
            Files.write(tree.resolve("blob" + i + ".bin"), block);
            Files.writeString(tree.resolve("note" + i + ".txt"), "note " + i + "\n");
        }
        try (FakeFleet fleet = FakeFleet.builder().dir(dir.resolve("shell")).hosts(1)
                .commandMode(dev.muster.testkit.CommandMode.SHELL).start()) {
            String[] push = {"push", dir.resolve("tree").toString(), dir.resolve("dest").toString(), "all", "-i",
                fleet.inventory().toString(), "--known-hosts", fleet.knownHosts().toString(), "--identity",
                fleet.clientKey().privateKeyFile().toString(), "--store", dir.resolve("home").toString()};
            Main.run(push, sink, sink, context.next());
            Files.writeString(tree.resolve("note0.txt"), "changed\n");
            Main.run(push, sink, sink, context.next());
        }
        return ExitCodes.OK;
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
