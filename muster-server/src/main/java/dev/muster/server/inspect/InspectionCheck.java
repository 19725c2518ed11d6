package dev.muster.server.inspect;

import dev.muster.probe.check.CheckOptions;

/** One check of an inspection, as read from its file; {@link #name()} is unique within it. */
public sealed interface InspectionCheck {
    String name();

    /** Whether this check is answered by the host-side script (one round trip with the others). */
    default boolean onHost() {
        return !(this instanceof Health);
    }

    /** A health check built the way `muster check` and plans build it. */
    record Health(String name, CheckOptions options) implements InspectionCheck {
    }

    /** A host metric against thresholds; {@code mount} only for the per-file-system metrics. */
    record Metric(String name, HostMetric metric, String mount, Limits limits) implements InspectionCheck {
    }

    /** {@code systemctl is-active SERVICE}: active passes, anything else fails, no systemd warns. */
    record Service(String name, String service) implements InspectionCheck {
    }

    /** Lines of a log matching an extended regex since the previous inspection, against thresholds. */
    record Log(String name, String path, String pattern, Limits limits) implements InspectionCheck {
    }
}
