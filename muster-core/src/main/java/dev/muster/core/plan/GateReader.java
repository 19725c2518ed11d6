package dev.muster.core.plan;

import dev.muster.core.inventory.Problems;
import dev.muster.core.inventory.YamlNode;
import dev.muster.core.inventory.YamlValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code gates:}: checks run after every batch, each with a time limit to pass. */
final class GateReader {
    private static final List<String> GATE_KEYS = List.of("name", "check", "timeout");
    static final Duration DEFAULT_GATE_TIMEOUT = Duration.ofMinutes(5);

    private GateReader() {
    }

    static List<Plan.GateSpec> gates(YamlNode node, Problems problems) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            problems.add(node.where(), "gates must be a list of {check: ..., timeout: ...}, found " + node.describe());
            return List.of();
        }
        List<Plan.GateSpec> out = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            String what = "gate " + (i + 1);
            YamlNode item = seq.items().get(i);
            YamlNode.Mapping m = problems.mapping(item, what, GATE_KEYS);
            if (m == null) {
                continue;
            }
            Map<String, YamlNode.Entry> e = m.entries();
            String name = e.containsKey("name") ? problems.read(() -> YamlValues.string(e.get("name").value(), "name")) : "";
            Duration timeout = e.containsKey("timeout")
                    ? problems.read(() -> YamlValues.duration(e.get("timeout").value(), what + " timeout")) : DEFAULT_GATE_TIMEOUT;
            if (!e.containsKey("check")) {
                problems.add(m.where(), what + " needs 'check': the health check options (http, tcp or cmd, ...)");
                continue;
            }
            Map<String, Object> check = OptionSchema.CHECK.read(e.get("check").value(), what + " check", problems);
            out.add(new Plan.GateSpec(name == null ? "" : name, check, timeout, m.where().line()));
        }
        return out;
    }
}
