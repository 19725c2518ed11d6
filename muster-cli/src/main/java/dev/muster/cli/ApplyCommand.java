package dev.muster.cli;

import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanApply;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.PlanJournal;
import dev.muster.core.plan.PlanReader;
import dev.muster.core.store.FileRunStore;
import dev.muster.core.store.RunRecord;
import dev.muster.core.strategy.RolloutResult;
import dev.muster.core.strategy.StrategySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Run a plan batch by batch as its strategy says (all, rolling, blue_green), gating each batch "
                + "with the plan's health checks and rolling back a batch whose gate fails.",
                "Every step's end on every host is written to the run store as it happens, so --resume RUN continues "
                        + "an interrupted run: steps done are skipped, steps in flight run again, owed handlers run.",
                "Exit 0 every host deployed, 1 some host failed, was rolled back or skipped, 2 bad plan, 130 interrupted."})
final class ApplyCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions options;

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file (YAML).")
    Path planFile;

    @Option(names = "--yes", description = "Confirm applying to hosts of a protected environment.")
    boolean yes;

    @Option(names = "--check", description = "Dry run: report what each batch would change; change nothing, run no "
            + "commands, no gates.")
    boolean check;

    @Option(names = "--diff", description = "Show diffs of the text files push, template and release steps change.")
    boolean diff;

    @Option(names = "--timings", description = "Print how long each batch's steps and gates took.")
    boolean timings;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue run RUN of this plan where it stopped "
            + "(pass the same -e values).")
    String resume;

    @Override
    public Integer call() {
        Terminal term = Terminal.detect(spec.commandLine().getOut(), spec.commandLine().getErr());
        try (Workspace ws = new Workspace(options, term)) {
            Plan plan = PlanReader.read(planFile, ws.inventory());
            FileRunStore store = ws.store();
            String planHash = sha256(planFile);
            String varsHash = varsHash(options.extraVars);
            RunRecord earlier = resume == null ? null : earlierRun(store, planHash, varsHash);
            List<Host> planHosts = ws.withOverrides(ws.inventory().hosts(plan.hosts()));
            String runId = earlier != null ? earlier.id() : store.newId();
            PlanContext context = new PlanContext(ReleasePlans.vars(plan, options.extraVars), check, diff,
                    planFile.toAbsolutePath().getParent(), runId, System.getProperty("user.name"), ws.redactor());
            ws.prepareTransport();
            Executor executor = new Executor(ws.transport());
            PlanApply apply = new PlanApply(plan, ws.inventory(), executor, context, PlanFactories.of(ws.transport()), store)
                    .withOverrides(ws::withOverrides);
            List<Host> hosts = apply.hosts(planHosts);
            if (!check) {
                confirmProtected(ws, hosts, yes, "apply " + planFile);
            }
            PlanJournal journal = new PlanJournal(store, runId);
            PlanJournal.Resume resumed = earlier == null ? null : journal.resume();
            ApplyPrinter printer = new ApplyPrinter(term.out(), ws.redactor(), check || diff);
            printer.timings = timings;
            Interruption interruption = new Interruption();
            PlanApply.Prepared prepared = apply.prepare(planHosts, printer, journal, resumed, interruption::pause);
            if (earlier != null) {
                store.reopen(runId);
            } else {
                Map<String, Object> recorded = new LinkedHashMap<>();
                recorded.put("plan", planFile.toAbsolutePath().normalize().toString());
                recorded.put("plan_sha256", planHash);
                recorded.put("vars_sha256", varsHash);
                recorded.put("check", check);
                store.begin(new RunRecord(runId, check ? "apply-check" : "apply", plan.targets(),
                        "apply " + planFile, fold(hosts), store.now(), null, null, List.of(), null, recorded, Map.of()));
            }
            ExecutorOptions executorOptions = options.executorOptions();
            printer.header(check ? "check" : "apply", plan, hosts, options.forks, runId, earlier != null, resumed,
                    plan.strategy().kind() == StrategySpec.Kind.BLUE_GREEN ? apply.liveColour() : null);
            // Ctrl-C stops the batch in flight and any pause or approval wait; the recap still follows.
            try (OnInterrupt ignored = new OnInterrupt(() -> {
                interruption.fire();
                executor.cancelAll();
            })) {
                PlanApply.Result result = prepared.run(executorOptions);
                printer.recap(result);
                if (!check && result.exitCode() != 0 && !result.rollout().cancelled()
                        && plan.releaseStep().isPresent()) {
                    printer.releasesNow(releasesNow(plan, planHosts, executor, executorOptions));
                }
                for (RolloutResult.HostReport h : result.rollout().hosts()) {
                    store.outcome(runId, h.outcome().redacted(ws.redactor()));
                }
                Map<String, Integer> counts = new LinkedHashMap<>();
                result.rollout().stateCounts().forEach((state, n) -> counts.put(state.key(), n));
                store.finish(runId, result.exitCode(), counts);
                return result.exitCode();
            }
        }
    }

    /** Pauses between batches (and approval waits) that Ctrl-C ends at once. */
    private static final class Interruption {
        private final java.util.concurrent.CountDownLatch fired = new java.util.concurrent.CountDownLatch(1);

        void pause(java.time.Duration duration) throws InterruptedException {
            if (fired.await(duration.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                throw new InterruptedException("interrupted");
            }
        }

        void fire() {
            fired.countDown();
        }
    }

    /**
     * After a run that did not deploy everywhere: which release each host is on now, read from the
     * hosts (one short command each), hosts on the same release folded.
     */
    private Map<String, List<String>> releasesNow(Plan plan, List<Host> hosts, Executor executor,
                                                  ExecutorOptions executorOptions) {
        Map<String, List<String>> byRelease = new java.util.TreeMap<>();
        try {
            String base = ReleasePlans.base(plan, options.extraVars);
            var listed = executor.run(hosts, dev.muster.files.release.Releases.listStep(base), executorOptions,
                    new dev.muster.core.exec.RunListener() { });
            for (var o : listed.outcomes()) {
                String current = o.success() ? dev.muster.files.release.Releases.parse(o.stdout()).current() : null;
                byRelease.computeIfAbsent(current == null ? (o.success() ? "(none)" : "unknown: " + o.message())
                        : current, k -> new java.util.ArrayList<>()).add(o.host());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return byRelease;
    }

    /** The run to resume: it must be an apply of this very plan file, unchanged, with the same -e values. */
    private RunRecord earlierRun(FileRunStore store, String planHash, String varsHash) {
        RunRecord run = store.load(resume).orElseThrow(() -> InputException.option("--resume",
                "no run " + resume + " in " + options.storeDir() + " (muster runs lists them)"));
        if (!run.kind().equals("apply")) {
            throw InputException.option("--resume", "run " + resume + " is a " + run.kind() + " run, not an apply");
        }
        String path = planFile.toAbsolutePath().normalize().toString();
        if (!path.equals(run.spec().get("plan"))) {
            throw InputException.option("--resume", "run " + resume + " applied " + run.spec().get("plan")
                    + ", not " + path);
        }
        if (!planHash.equals(run.spec().get("plan_sha256"))) {
            throw InputException.in(planFile, "the plan changed since run " + resume
                    + " started; resuming would mix two plans: apply it as a new run");
        }
        if (!varsHash.equals(run.spec().get("vars_sha256"))) {
            throw InputException.option("-e",
                    "run " + resume + " was started with other -e values: pass the same ones");
        }
        if (run.exitCode() != null && run.exitCode() == 0) {
            throw InputException.option("--resume", "run " + resume + " finished with every host deployed: "
                    + "nothing to resume");
        }
        return run;
    }

    /** Protected environments need --yes, or "yes" typed at a terminal after seeing how many hosts. */
    static void confirmProtected(Workspace ws, List<Host> hosts, boolean yes, String action) {
        List<String> protectedEnvs = hosts.stream().map(Host::environment).filter(ws.inventory()::isProtected)
                .distinct().sorted().toList();
        if (protectedEnvs.isEmpty() || yes) {
            return;
        }
        String what = hosts.size() + " hosts (" + fold(hosts) + ") in protected environment "
                + String.join(", ", protectedEnvs);
        java.io.Console console = System.console();
        if (console != null && Terminal.isTerminal()) {
            String answer = console.readLine("%s on %s? type yes to go on: ", action, what);
            if (answer != null && answer.strip().equals("yes")) {
                return;
            }
            throw new InputException("not confirmed: nothing was applied");
        }
        throw new InputException(action + " targets " + what + ": pass --yes to go on");
    }

    private static String fold(List<Host> hosts) {
        return HostSet.of(hosts.stream().map(Host::name).toList()).fold();
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw InputException.in(file, "cannot read the plan: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A hash of the -e values, so a resume can check them without the run store keeping secrets. */
    private static String varsHash(Map<String, String> extra) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(extra).forEach((k, v) -> text.append(k).append('=').append(v).append('\0'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
