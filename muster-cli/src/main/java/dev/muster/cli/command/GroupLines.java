package dev.muster.cli.command;

import dev.muster.core.plan.Group;
import dev.muster.core.plan.GroupOrder;
import dev.muster.core.plan.Plan;
import dev.muster.core.window.Window;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** How a grouped plan is shown: the order its groups run in, each group, and each window's next openings. */
final class GroupLines {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz");

    private GroupLines() {
    }

    static List<String> lines(Plan plan, int forks, Instant now, ZoneId local) {
        List<String> out = new ArrayList<>();
        List<List<Group>> stages = GroupOrder.stages(plan.groups());
        out.add("groups: " + plan.groups().size() + ", in this order:");
        for (int i = 0; i < stages.size(); i++) {
            List<Group> stage = stages.get(i);
            out.add("  " + (i + 1) + ". " + stage.stream().map(GroupLines::withAfter).collect(Collectors.joining("; "))
                    + (stage.size() > 1 ? "  (side by side)" : ""));
        }
        for (Group g : plan.groups()) {
            out.add("group " + g.name() + ": " + g.targets() + " → " + g.hosts().fold() + " (" + g.hosts().size() + ")");
            out.add("  strategy: " + PlanSummary.strategy(g.strategy(), g.hosts().size(), forks));
            if (g.switchover() != null) {
                Group.Switchover s = g.switchover();
                out.add("  roles: " + s.role() + " (exit " + s.primaryExit() + " primary, " + s.replicaExit()
                        + " replica)" + (s.lag() == null ? "" : "; lag: " + s.lag()) + "; switch: " + s.switchCommand());
            }
            if (!g.gates().isEmpty()) {
                out.add("  gates: " + g.gates().size());
            }
            if (g.window() != null) {
                out.add("  window: " + g.window());
            }
        }
        if (!plan.windows().isEmpty()) {
            out.add("windows:");
            plan.windows().values().forEach(w -> out.addAll(window(w, now, local)));
        }
        return out;
    }

    private static String withAfter(Group g) {
        if (g.after().isEmpty()) {
            return g.name();
        }
        return g.name() + " after " + g.after().stream().map(a -> a.group()
                + (a.soak().isZero() ? "" : " (soak " + dev.muster.core.plan.GroupApply.soak(a.soak()) + ")"))
                .collect(Collectors.joining(", "));
    }

    /** A window, whether it is open now, and its next three openings in its zone and in local time. */
    static List<String> window(Window w, Instant now, ZoneId local) {
        List<String> out = new ArrayList<>();
        out.add("  " + w.name() + ": \"" + w.every() + "\""
                + (w.every() instanceof dev.muster.core.window.RRule r ? " from " + r.start().toString().replace('T', ' ') : "")
                + " in " + w.zone() + " for "
                + dev.muster.core.plan.GroupApply.soak(w.duration())
                + (w.latestStart() == null ? "" : ", latest start " + dev.muster.core.plan.GroupApply.soak(w.latestStart()))
                + (w.except().isEmpty() ? "" : ", except " + w.except().stream().sorted().map(Object::toString)
                .collect(Collectors.joining(", "))));
        w.openingAt(now).ifPresent(o -> out.add("    open now, until " + shown(o.end(), w.zone(), local)));
        List<Window.Opening> next = w.next(now, 3);
        if (next.isEmpty()) {
            out.add("    never opens again");
        }
        for (Window.Opening o : next) {
            out.add("    next: " + shown(o.start(), w.zone(), local) + " → " + shown(o.end(), w.zone(), local));
        }
        return out;
    }

    static String shown(Instant t, ZoneId zone, ZoneId local) {
        String there = t.atZone(zone).format(SHOWN);
        String here = t.atZone(local).format(SHOWN);
        return zone.equals(local) ? there : there + " (" + here + " local)";
    }
}
