package dev.muster.core.exec;

import dev.muster.core.inventory.Host;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A transport whose hosts behave as each test scripts them, with no network. */
final class FakeTransport implements Transport {

    /** What one host does when connected to or asked to run a command. */
    @FunctionalInterface
    interface Behaviour {
        ExecResult exec(ExecRequest request, int call) throws StepFailure, InterruptedException;
    }

    final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final Map<String, StepFailure> connectFailures = new ConcurrentHashMap<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger invalidated = new AtomicInteger();
    final AtomicInteger closedLeases = new AtomicInteger();

    static ExecResult ok(String out) {
        return new ExecResult(0, null, out.getBytes(StandardCharsets.UTF_8), new byte[0], false);
    }

    static ExecResult exit(int code, String err) {
        return new ExecResult(code, null, new byte[0], err.getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public Connection connect(Host host) throws StepFailure {
        StepFailure f = connectFailures.get(host.name());
        if (f != null) {
            calls.computeIfAbsent(host.name(), h -> new AtomicInteger()).incrementAndGet();
            throw f;
        }
        return new Connection() {
            @Override
            public Host host() {
                return host;
            }

            @Override
            public ExecResult exec(ExecRequest request) throws StepFailure, InterruptedException {
                int now = inFlight.incrementAndGet();
                maxInFlight.accumulateAndGet(now, Math::max);
                try {
                    int call = calls.computeIfAbsent(host.name(), h -> new AtomicInteger()).incrementAndGet();
                    Behaviour b = behaviours.getOrDefault(host.name(), (r, c) -> ok(host.name() + "\n"));
                    ExecResult result = b.exec(request, call);
                    if (request.sink() != null) {
                        request.sink().write(OutputSink.Stream.STDOUT, result.stdout(), 0, result.stdout().length);
                    }
                    return result;
                } finally {
                    inFlight.decrementAndGet();
                }
            }

            @Override
            public void invalidate() {
                invalidated.incrementAndGet();
            }

            @Override
            public void close() {
                closedLeases.incrementAndGet();
            }
        };
    }

    @Override
    public void close() {
    }
}
