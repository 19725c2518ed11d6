package dev.muster.cli.command;

import dev.muster.core.InputException;
import dev.muster.server.inspect.InspectionReader;
import dev.muster.server.schedule.Schedule;
import dev.muster.server.schedule.ScheduleRequest;
import dev.muster.server.store.SecretRefs;
import dev.muster.server.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code muster schedule add|list|rm}: schedules in the server's store, edited with the server up or down. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Manage the server's cron schedules (in its store: works while the server is down).",
        subcommands = {ScheduleCommand.Add.class, ScheduleCommand.ListSchedules.class, ScheduleCommand.Remove.class})
final class ScheduleCommand extends CommandGroup {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add or replace a schedule running a plan, an inspection, or a command over a selector.",
                    "A file with 'kind: inspection' (or checks and no steps) is scheduled as an inspection: it is "
                            + "read now, and a file that does not parse is refused (exit 2).",
                    "Example: muster schedule add nightly '0 2 * * *' inspections/nightly.yaml --zone Europe/Berlin",
                    "Cron: 5 fields, 6 with seconds, or @hourly/@daily/@weekly/@monthly/@yearly."})
    static final class Add extends ServerStoreCommand {
        private final CommandContext context;

        /** Made by picocli's factory with the command's context: its environment names the inventory. */
        Add(CommandContext context) {
            this.context = context;
        }

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "CRON")
        String cron;

        @Parameters(index = "2", arity = "0..1", paramLabel = "FILE",
                description = "The plan to apply or the inspection to run (relative to the server's --plans); "
                        + "or give --command and --selector.")
        String plan;

        @Option(names = "--plans", paramLabel = "DIR", defaultValue = ".",
                description = "The server's --plans directory, where FILE is read to tell an inspection from a plan "
                        + "(default: the current directory).")
        Path plansDir;

        @Option(names = "--command", paramLabel = "CMD", description = "The command to run (with --selector).")
        String command;

        @Option(names = "--selector", paramLabel = "SEL", description = "Which hosts the command runs on.")
        String selector;

        @Option(names = "--zone", paramLabel = "ZONE", description = "IANA time zone of the cron (default UTC).")
        String zone;

        @Option(names = "--misfire", paramLabel = "POLICY", description = "After downtime: run_once (default) or skip.")
        String misfire;

        @Option(names = "--overlap", paramLabel = "POLICY",
                description = "While a run of it is active: forbid (default) or queue.")
        String overlap;

        @Option(names = {"-i", "--inventory"}, paramLabel = "FILE",
                description = "The server's inventory (repeatable), so secret values in --command are stored sealed. "
                        + "Default: $MUSTER_INVENTORY, else ./inventory.yaml when it exists; without one the server "
                        + "seals them when it starts or the schedule first fires.")
        java.util.List<Path> inventories = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            boolean inspection = plan != null && isInspection(plansDir.resolve(plan));
            if (plan != null && !Files.isRegularFile(plansDir.resolve(plan))) {
                spec.commandLine().getErr().println("muster: " + plan + " is not under " + plansDir.toAbsolutePath()
                        + ", so it is scheduled as a plan; give the server's directory with --plans DIR to schedule "
                        + "an inspection");
            }
            Schedule s = new ScheduleRequest(name, cron, zone, inspection ? null : plan, inspection ? plan : null,
                    selector, command, misfire, overlap).toSchedule();
            dev.muster.core.inventory.Inventory inventory = inventory();
            if (inventory != null) {
                SecretRefs secrets = SecretRefs.of(inventory);
                s = new Schedule(s.name(), s.cron(), secrets.sealMap(s.target()), s.misfire(), s.overlap(), s.enabled());
            }
            try (Store store = stores.open()) {
                if (inventory != null) {
                    store.schedules().sealWith(SecretRefs.of(inventory));
                }
                store.schedules().save(s);
                store.audit().append(ServerStores.actor(), "schedule.save", "schedule " + s.name(), "ok", null);
            }
            PrintWriter out = out();
            out.println("schedule " + s.name() + " saved; next run " + s.cron().next(Instant.now())
                    .map(Instant::toString).orElse("never"));
            return ExitCodes.OK;
        }

        /** The inventory named by -i, $MUSTER_INVENTORY or ./inventory.yaml, or null when there is none. */
        private dev.muster.core.inventory.Inventory inventory() {
            java.util.List<Path> files = new java.util.ArrayList<>(inventories);
            if (files.isEmpty()) {
                java.util.List<Path> fromEnv = context.inventoryFromEnv();
                if (fromEnv != null) {
                    files.addAll(fromEnv);
                } else if (Files.isRegularFile(Path.of("inventory.yaml"))) {
                    files.add(Path.of("inventory.yaml"));
                }
            }
            return files.isEmpty() ? null : new dev.muster.core.inventory.InventoryLoader().load(files);
        }
    }

    /** An inspection file is read in full now: one that does not parse is bad input (file:line:col). */
    static boolean isInspection(Path file) {
        if (!Files.isRegularFile(file)) {
            return false; // the server resolves it; perhaps this is not its plans directory
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw InputException.in(file, "cannot read " + file + ": " + e.getMessage());
        }
        if (!InspectionReader.isInspection(file.toString(), text)) {
            return false;
        }
        InspectionReader.read(file.toString(), text, file.toAbsolutePath().getParent());
        return true;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List schedules and their next fire time.")
    static final class ListSchedules extends ServerStoreCommand {
        @Override
        public Integer call() {
            PrintWriter out = out();
            java.util.List<Schedule> all;
            try (Store store = stores.open()) {
                all = store.schedules().list();
            }
            if (all.isEmpty()) {
                out.println("no schedules");
                return ExitCodes.OK;
            }
            out.printf("%-20s %-16s %-14s %-24s %s%n", "NAME", "CRON", "ZONE", "NEXT", "TARGET");
            for (Schedule s : all) {
                String next = s.enabled() ? s.cron().next(Instant.now()).map(Instant::toString).orElse("never") : "disabled";
                Object t = s.target().containsKey("plan") ? "plan " + s.target().get("plan")
                        : s.target().containsKey("inspection") ? "inspection " + s.target().get("inspection")
                        : s.target().get("selector") + " -- " + SecretRefs.masked(String.valueOf(s.target().get("command")));
                out.printf("%-20s %-16s %-14s %-24s %s%n", s.name(), s.cron().expression(), s.cron().zone().getId(),
                        next, t);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a schedule.")
    static final class Remove extends ServerStoreCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Store store = stores.open()) {
                if (!store.schedules().delete(name)) {
                    throw InputException.in("schedule", "no schedule " + name
                            + " (muster schedule list shows them)");
                }
                store.audit().append(ServerStores.actor(), "schedule.delete", "schedule " + name, "ok", null);
            }
            out().println("schedule " + name + " deleted");
            return ExitCodes.OK;
        }
    }
}
