package dev.muster.files.template;

import dev.muster.core.inventory.Host;
import dev.muster.core.secret.SecretViews;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables a template sees for one host: the host's merged inventory variables (global &lt;
 * group &lt; child group &lt; host &lt; environment &lt; {@code -e}, merged by the inventory loader),
 * then {@code host} and {@code facts}, which muster sets and which win over inventory variables of
 * the same name.
 */
public final class TemplateVariables {
    private TemplateVariables() {
    }

    public static Map<String, Object> forHost(Host host, FactSource facts) {
        return forHost(host, facts, Map.of());
    }

    /**
     * As {@link #forHost(Host, FactSource)}, over a plan's variables (which the host's own override).
     * Secrets (vault, env, file, command) resolve when the template reads them, not before.
     */
    public static Map<String, Object> forHost(Host host, FactSource facts, Map<String, Object> planVars) {
        Map<String, Object> vars = new LinkedHashMap<>(planVars);
        vars.putAll(host.vars());
        vars.put("host", describe(host));
        vars.put("facts", new LazyFacts(facts));
        return SecretViews.map(vars);
    }

    /** {@code host.name, address, port, user, labels, groups, environment}; "" where unset. */
    static Map<String, Object> describe(Host host) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("name", host.name());
        h.put("address", host.address() == null ? host.name() : host.address());
        h.put("port", host.ssh().portOrDefault());
        h.put("user", host.ssh().user() == null ? "" : host.ssh().user());
        h.put("labels", host.labels());
        h.put("groups", host.groups());
        h.put("environment", host.environment() == null ? "" : host.environment());
        return h;
    }
}
