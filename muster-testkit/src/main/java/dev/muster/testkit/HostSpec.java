package dev.muster.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A host to start in a {@link FakeFleet}: its name, inventory labels and environment, what it
 * reports about itself, and the faults it starts with.
 */
public record HostSpec(String name, Map<String, String> labels, String env, HostProfile profile,
                       List<Fault> faults) {

    public HostSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        faults = List.copyOf(faults);
    }

    public static HostSpec named(String name) {
        return new HostSpec(name, Map.of(), null, HostProfile.debian12(), List.of());
    }

    public HostSpec withLabel(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(labels);
        more.put(key, value);
        return new HostSpec(name, more, env, profile, faults);
    }

    public HostSpec withEnv(String environment) {
        return new HostSpec(name, labels, environment, profile, faults);
    }

    public HostSpec withProfile(HostProfile p) {
        return new HostSpec(name, labels, env, p, faults);
    }

    public HostSpec withFaults(Fault... f) {
        return new HostSpec(name, labels, env, profile, List.of(f));
    }
}
