package dev.muster.probe.check;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.core.local.LocalTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Runs a check through the Executor as the CLI does, keeping each host's report. */
final class Probes {
    final Map<String, CheckReport> reports = new ConcurrentHashMap<>();
    RunResult result;

    static Probes run(Transport transport, List<Host> hosts, HealthCheck check, Thresholds t)
            throws InterruptedException {
        Probes p = new Probes();
        hosts.forEach(check::validate);
        p.result = new Executor(transport).run(hosts, new CheckStep(check, t, r -> p.reports.put(r.host(), r)),
                ExecutorOptions.defaults().withHostTimeout(Duration.ofSeconds(60)), null);
        return p;
    }

    static Probes run(List<Host> hosts, HealthCheck check, Thresholds t) throws InterruptedException {
        return run(new LocalTransport(), hosts, check, t);
    }

    CheckReport report(String host) {
        return reports.get(host);
    }

    Outcome outcome(String host) {
        return result.outcomes().stream().filter(o -> o.host().equals(host)).findFirst().orElseThrow();
    }

    /** A local transport whose commands see only the tools in {@code path}: to make a host without curl. */
    static Transport withPath(String path) {
        LocalTransport local = new LocalTransport();
        return new Transport() {
            @Override
            public Connection connect(Host host) {
                Connection c = local.connect(host);
                return new Connection() {
                    @Override
                    public Host host() {
                        return host;
                    }

                    @Override
                    public ExecResult exec(ExecRequest r) throws StepFailure, InterruptedException {
                        return c.exec(new ExecRequest("PATH=" + path + "; export PATH; " + r.command(), r.stdin(),
                                r.timeout(), r.sink(), r.maxCapture()));
                    }

                    @Override
                    public void close() {
                        c.close();
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }
}
