package dev.muster.probe.metrics;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples hosts over a transport (the SSH pool: one exec per host per sample, sessions stay warm
 * between samples) and turns pairs of samples into {@link HostMetrics}. {@link #sample} takes
 * two samples {@code gap} apart; a live view calls {@link #snapshot} on its own schedule and
 * {@link #compare}s each round with the previous one.
 */
public final class MetricsCollector {
    private final Executor executor;
    private final ExecutorOptions options;
    private final SampleScript script;

    public MetricsCollector(Transport transport, ExecutorOptions options) {
        this(new Executor(transport), options, SampleScript.all());
    }

    MetricsCollector(Executor executor, ExecutorOptions options, SampleScript script) {
        this.executor = executor;
        this.options = options;
        this.script = script;
    }

    /** One round: one exec per host. */
    public Round snapshot(List<Host> hosts, RunListener listener) throws InterruptedException {
        Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
        RunResult result = executor.run(hosts, new SampleStep(script, snapshots), options, listener);
        return new Round(Map.copyOf(snapshots), result);
    }

    /** Two rounds {@code gap} apart; hosts that failed the first round are not sampled again. */
    public List<HostMetrics> sample(List<Host> hosts, Duration gap) throws InterruptedException {
        Round first = snapshot(hosts, null);
        List<Host> answered = hosts.stream().filter(h -> first.snapshots().containsKey(h.name())).toList();
        Thread.sleep(gap);
        Round second = answered.isEmpty() ? first : snapshot(answered, null);
        return compare(hosts, first, second);
    }

    /** Metrics per host, in the order of {@code hosts}; a host missing from {@code current} is down. */
    public static List<HostMetrics> compare(List<Host> hosts, Round previous, Round current) {
        List<HostMetrics> out = new ArrayList<>(hosts.size());
        for (Host h : hosts) {
            Snapshot now = current.snapshots().get(h.name());
            if (now == null) {
                Outcome o = current.outcome(h.name());
                if (o == null && previous != null) {
                    o = previous.outcome(h.name());
                }
                out.add(down(h.name(), o));
            } else {
                out.add(Rates.between(h.name(), previous == null ? null : previous.snapshots().get(h.name()), now));
            }
        }
        return out;
    }

    private static HostMetrics down(String host, Outcome o) {
        if (o == null) {
            return HostMetrics.down(host, HostMetrics.State.FAILED, "not sampled");
        }
        HostMetrics.State state = o.status() == Status.UNREACHABLE ? HostMetrics.State.UNREACHABLE
                : HostMetrics.State.FAILED;
        String why = !o.message().isEmpty() || o.kind() == null ? o.message() : o.kind().description();
        return HostMetrics.down(host, state, why);
    }

    /** One round's parsed snapshots by host name, and the run that produced them. */
    public record Round(Map<String, Snapshot> snapshots, RunResult result, Map<String, Outcome> outcomes) {
        public Round(Map<String, Snapshot> snapshots, RunResult result) {
            this(snapshots, result, byHost(result));
        }

        private static Map<String, Outcome> byHost(RunResult result) {
            Map<String, Outcome> m = new java.util.HashMap<>();
            result.outcomes().forEach(o -> m.put(o.host(), o));
            return Map.copyOf(m);
        }

        Outcome outcome(String host) {
            return outcomes.get(host);
        }
    }
}
