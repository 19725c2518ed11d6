package dev.muster.cli;

import dev.muster.cli.command.CommandContext;
import dev.muster.cli.command.ExitCodes;
import dev.muster.cli.output.Terminal;
import dev.muster.cli.output.Terminal.Style;
import dev.muster.core.RunException;
import dev.muster.testkit.DemoFleet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts an embedded fleet of SSH hosts on loopback and runs real muster commands against it,
 * so a new user sees gathered output, failures, the recap and retry without any server.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded fleet of SSH hosts on loopback and try muster on it (no servers needed).")
final class DemoCommand implements Callable<Integer> {
    private final CommandContext context;

    DemoCommand(CommandContext context) {
        this.context = context;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--keep", description = "Leave the fleet running (until Ctrl-C) and print how to use it.")
    boolean keep;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the fleet's files (default: a temp dir).")
    Path dir;

    /** The scripted session: what the user sees typed, and the arguments actually run. */
    private static final List<List<String>> SESSION = List.of(
            List.of("hosts", "all"),
            List.of("hosts", "web&env=prod", "--long"),
            List.of("run", "web&env=prod", "--", "uname", "-r"),
            List.of("run", "all", "--", "df", "-P", "/"),
            List.of("run", "env=prod", "--timeout", "1s", "--", "uptime"),
            List.of("retry", "--timeout", "5s"));

    @Override
    public Integer call() throws Exception {
        Terminal term = context.terminal(spec.commandLine().getOut(), spec.commandLine().getErr());
        PrintWriter out = term.out();
        Path home = dir != null ? dir : Files.createTempDirectory("muster-demo-");
        DemoFleet fleet;
        try {
            fleet = DemoFleet.start(home);
        } catch (IOException e) {
            throw new RunException("cannot start the demo fleet in " + home + ": " + e.getMessage(), e);
        }
        try {
            out.println(term.paint(Style.BOLD, "muster demo") + ": started " + fleet.fleet().hosts().size()
                    + " SSH hosts inside this process on loopback addresses (" + home + ").");
            out.println("Each command below is a real muster command over SSH; batch01 is slow and drops its "
                    + "first connection.");
            out.flush();
            int last = 0;
            for (List<String> args : SESSION) {
                last = step(term, fleet, args);
            }
            out.println();
            out.println(term.paint(Style.BOLD, "Your own servers:") + " write an inventory.yaml (see docs/inventory.md), then");
            out.println("  ./muster hosts all");
            out.println("  ./muster run all -- uptime");
            out.println("muster checks host keys against ~/.ssh/known_hosts (add --accept-new for first contact) "
                    + "and uses your ~/.ssh keys and ssh-agent.");
            if (keep) {
                keepRunning(out, fleet);
            }
            out.flush();
            return last == ExitCodes.OK ? ExitCodes.OK : last;
        } finally {
            fleet.close();
            if (dir == null && !keep) {
                deleteTree(home);
            }
        }
    }

    private int step(Terminal term, DemoFleet fleet, List<String> args) {
        PrintWriter out = term.out();
        out.println();
        out.println(term.paint(Style.CYAN, "$ muster " + shown(args)));
        out.flush();
        List<String> full = new ArrayList<>(args);
        int split = full.indexOf("--");
        List<String> hidden = List.of("-i", fleet.inventory().toString(), "--ssh-config", fleet.sshConfig().toString(),
                "--store", fleet.dir().resolve("home").toString());
        if (full.getFirst().equals("hosts")) {
            hidden = hidden.subList(0, 4);
        }
        full.addAll(split < 0 ? full.size() : split, hidden);
        return Main.run(full.toArray(String[]::new), out, term.err(), context.next());
    }

    private static String shown(List<String> args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(a.matches("[A-Za-z0-9_./=@:-]+") || a.equals("--") ? a : "'" + a + "'");
        }
        return b.toString();
    }

    private void keepRunning(PrintWriter out, DemoFleet fleet) throws InterruptedException {
        out.println();
        out.println("The fleet stays up until you press Ctrl-C. In another shell:");
        out.println("  export MUSTER_INVENTORY=" + fleet.inventory() + " MUSTER_SSH_CONFIG=" + fleet.sshConfig()
                + " MUSTER_HOME=" + fleet.dir().resolve("home"));
        out.println("  ./muster hosts all && ./muster run all -- uname -r && ./muster runs");
        out.flush();
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(fleet::close, "muster-demo-stop"));
        forever.await();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
