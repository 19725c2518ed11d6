package dev.muster.probe.check;

/** A host's health after its probes, with Consul-like thresholds. */
public enum Verdict {
    PASSING, CRITICAL,
    /** Changed between passing and critical more than once while it was watched. */
    FLAPPING;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
