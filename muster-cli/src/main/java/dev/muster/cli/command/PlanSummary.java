package dev.muster.cli.command;

import dev.muster.core.inventory.HostSet;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanStep;
import dev.muster.core.strategy.StrategySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** What `muster plan check` prints for a valid plan: hosts, steps, and the batches it would run. */
final class PlanSummary {
    private PlanSummary() {
    }

    static List<String> lines(Plan plan, int forks) {
        List<String> out = new ArrayList<>();
        out.add("plan " + plan.name() + " (" + plan.source() + "): valid");
        if (!plan.groups().isEmpty()) {
            out.addAll(GroupLines.lines(plan, forks, java.time.Instant.now(), java.time.ZoneId.systemDefault()));
            out.add("steps: " + plan.steps().size() + " (in every group)");
            addSteps(out, plan.steps(), plan);
            if (!plan.handlers().isEmpty()) {
                out.add("handlers: " + String.join(", ", plan.handlers().keySet()));
            }
            if (!plan.rollback().isEmpty()) {
                out.add("rollback: " + plan.rollback().size() + (plan.rollback().size() == 1 ? " step" : " steps")
                        + "; a failed group " + (plan.onGroupFailure().equals("rollback")
                        ? "rolls back every group that deployed, dependents first" : "stops the groups after it"));
            }
            return out;
        }
        out.add("targets: " + plan.targets() + " → " + folded(plan.hosts())
                + (plan.environment() == null ? "" : ", environment " + plan.environment()));
        out.add("steps: " + plan.steps().size());
        addSteps(out, plan.steps(), plan);
        out.add("strategy: " + strategy(plan.strategy(), plan.hosts().size(), forks));
        if (!plan.gates().isEmpty()) {
            out.add("gates: " + plan.gates().stream().map(PlanSummary::gate).collect(Collectors.joining("; ")));
        }
        if (!plan.handlers().isEmpty()) {
            out.add("handlers: " + String.join(", ", plan.handlers().keySet()));
        }
        if (!plan.rollback().isEmpty()) {
            out.add("rollback: " + plan.rollback().size() + (plan.rollback().size() == 1 ? " step" : " steps"));
            addSteps(out, plan.rollback(), plan);
        }
        if (!plan.switchSteps().isEmpty()) {
            out.add("switch: " + plan.switchSteps().size() + (plan.switchSteps().size() == 1 ? " step" : " steps"));
            addSteps(out, plan.switchSteps(), plan);
        }
        return out;
    }

    private static void addSteps(List<String> out, List<PlanStep> steps, Plan plan) {
        for (int i = 0; i < steps.size(); i++) {
            PlanStep s = steps.get(i);
            StringBuilder line = new StringBuilder("  ").append(i + 1).append(". ").append(s.describe());
            if (!s.name().isEmpty()) {
                line.append("  (").append(s.name()).append(')');
            }
            if (s.hosts() != null) {
                line.append("  on ").append(folded(s.hostSet()));
            }
            if (!s.source().equals(plan.source())) {
                line.append("  from ").append(s.source()).append(':').append(s.line());
            }
            out.add(line.toString());
        }
    }

    static String strategy(StrategySpec s, int hosts, int forks) {
        return switch (s.kind()) {
            case ALL -> "all → " + s.batchSizes(hosts) + " hosts, at most " + forks + " at once";
            case ROLLING -> "rolling, batches: " + s.batches().stream().map(Object::toString).collect(Collectors.joining(", "))
                    + " → " + s.batchSizes(hosts) + " hosts"
                    + ", max_fail_percentage " + s.maxFailPercentage()
                    + (s.maxUnavailable() == null ? "" : ", max_unavailable " + s.maxUnavailable())
                    + (s.pause().isZero() ? "" : ", pause " + duration(s.pause()))
                    + ", rollback " + s.rollbackScope().key();
            case BLUE_GREEN -> "blue_green, blue " + s.blueGreen().blue() + ", green " + s.blueGreen().green()
                    + ": deploy the idle colour, gate it, switch traffic, keep the old colour";
            case SWITCHOVER -> "switchover: replicas in batches of " + s.batches().stream().map(Object::toString)
                    .collect(Collectors.joining(", ")) + ", then switch the primary to the least lagging updated "
                    + "replica, verify, then update the old primary";
        };
    }

    private static String gate(Plan.GateSpec g) {
        String what = g.check().entrySet().stream().filter(e -> List.of("http", "tcp", "cmd").contains(e.getKey()))
                .map(e -> e.getKey() + " " + e.getValue()).findFirst().orElse("");
        return (g.name().isEmpty() ? "" : g.name() + ": ") + what + " within " + duration(g.timeout());
    }

    private static String folded(HostSet set) {
        return set.fold() + " (" + set.size() + ")";
    }

    private static String duration(Duration d) {
        long s = d.toSeconds();
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        return s % 3600 == 0 && s > 0 ? s / 3600 + "h" : s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
    }
}
