package dev.muster.probe.check;

import dev.muster.core.Keyed;

/** A host's health after its probes, with Consul-like thresholds. */
public enum Verdict implements Keyed {
    PASSING, CRITICAL,
    /** Changed between passing and critical more than once while it was watched. */
    FLAPPING;
}
