package dev.muster.server.engine;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanReader;
import dev.muster.server.inspect.Inspection;
import dev.muster.server.inspect.InspectionReader;
import dev.muster.server.store.SecretRefs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a run will touch, decided before it is queued: its hosts, their environments (for roles),
 * and for plans and inspections the file, which must lie inside the configured plans directory.
 */
public final class RunTargets {
    /** The environment of hosts that name none. */
    public static final String DEFAULT_ENVIRONMENT = "default";

    private final Inventory inventory;
    private final Path plansDir;
    private final SecretRefs secrets;

    public RunTargets(Inventory inventory, Path plansDir) {
        this.inventory = inventory;
        this.plansDir = plansDir == null ? null : plansDir.toAbsolutePath().normalize();
        this.secrets = SecretRefs.of(inventory);
    }

    public Inventory inventory() {
        return inventory;
    }

    /** Seals secret values before they are stored, resolves them when a run executes, masks them for display. */
    public SecretRefs secrets() {
        return secrets;
    }

    /**
     * The targets for one run: the same inventory with none of its secrets resolved yet, so a
     * scheduled or queued run decrypts its vault values and runs its secret commands when it runs,
     * and keeps them only as long as it runs.
     */
    public RunTargets forRun() {
        return new RunTargets(inventory.forRun(), plansDir);
    }

    /** The hosts a selector matches; a selector that matches none is bad input. */
    public List<Host> select(String selector) {
        List<Host> hosts = inventory.select(selector);
        if (hosts.isEmpty()) {
            throw InputException.in("selector", "selector " + selector + " matches no host");
        }
        return hosts;
    }

    public static Set<String> environments(Collection<Host> hosts) {
        Set<String> out = new TreeSet<>();
        for (Host h : hosts) {
            out.add(h.environment() == null ? DEFAULT_ENVIRONMENT : h.environment());
        }
        return out;
    }

    /** The environments a run touches: recorded at queueing, else worked out from its target. */
    public Set<String> environmentsOf(dev.muster.server.store.StoredRun run) {
        if (run.environment() != null && !run.environment().isBlank()) {
            return new TreeSet<>(java.util.Arrays.asList(run.environment().split(",")));
        }
        try {
            var spec = run.record().spec();
            boolean named = spec.containsKey("plan") || spec.containsKey("inspection") || spec.containsKey("selector");
            return environments(!named && run.record().selector() != null
                    ? select(run.record().selector()) : hostsOf(spec));
        } catch (RuntimeException e) {
            // a target that no longer resolves: only a grant for every environment covers it
        }
        return Set.of(dev.muster.server.store.Grants.ANY_ENVIRONMENT);
    }

    /** The environments among {@code environments} the inventory marks as protected. */
    public Set<String> protectedAmong(Collection<String> environments) {
        Set<String> out = new TreeSet<>();
        environments.stream().filter(inventory::isProtected).forEach(out::add);
        return out;
    }

    /** The plan file a request names, resolved inside the plans directory. */
    public Path plan(String path) {
        return underPlans("plan", path);
    }

    /**
     * The inspection file a request names, resolved inside the plans directory and read: a file
     * that does not parse is bad input naming its file, line and column.
     */
    public Inspection inspection(String path) {
        return InspectionReader.read(underPlans("inspection", path));
    }

    /** The hosts an inspection targets; targets that match no host are bad input. */
    public List<Host> inspectionHosts(Inspection inspection) {
        List<Host> hosts = inventory.select(inspection.targets());
        if (hosts.isEmpty()) {
            throw InputException.in(inspection.source(), "targets '" + inspection.targets()
                    + "' match no host in the inventory");
        }
        return hosts;
    }

    private Path underPlans(String what, String path) {
        if (plansDir == null) {
            throw InputException.in(what, "this server has no plans directory (muster serve --plans DIR)");
        }
        if (path == null || path.isBlank()) {
            throw InputException.in(what, "expected a " + what + " path under " + plansDir);
        }
        Path file = plansDir.resolve(path).toAbsolutePath().normalize();
        if (!file.startsWith(plansDir)) {
            throw InputException.in(what, what + " " + path + " is outside the plans directory " + plansDir);
        }
        if (!Files.isRegularFile(file)) {
            throw InputException.in(what, "no " + what + " " + path + " in " + plansDir);
        }
        return file;
    }

    /** The plan's hosts (its targets in the inventory). */
    public List<Host> planHosts(Path planFile) {
        Plan plan = PlanReader.read(planFile, inventory);
        return inventory.hosts(plan.hosts());
    }

    /** The hosts a run or schedule target ({plan}, {inspection} or {selector, command}) touches. */
    public List<Host> hostsOf(java.util.Map<String, ?> target) {
        Object plan = target.get("plan");
        if (plan != null) {
            return planHosts(plan(plan.toString()));
        }
        Object inspection = target.get("inspection");
        if (inspection != null) {
            return inspectionHosts(inspection(inspection.toString()));
        }
        Object selector = target.get("selector");
        if (selector == null) {
            throw InputException.in("target", "expected a plan, an inspection or a selector");
        }
        return select(selector.toString());
    }
}
