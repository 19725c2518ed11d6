package dev.muster.probe.plan;

import dev.muster.core.InputException;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.strategy.Batch;
import dev.muster.core.strategy.Gate;
import dev.muster.probe.check.Watch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * A plan's gate: after a batch, watches every deployed host at once (at most {@code fanOut}
 * probing together, on virtual threads) until each is passing, all within {@code timeout}. The
 * first host to go critical fails the gate at once and stops the others; the reason names every
 * host that failed ("web03: status 500 (expected 200) x3").
 */
final class CheckGate implements Gate {
    private final String name;
    private final Watch watch;
    private final Duration timeout;
    private final Transport transport;
    private final int fanOut;

    CheckGate(String name, Watch watch, Duration timeout, Transport transport, int fanOut) {
        this.name = name;
        this.watch = watch;
        this.timeout = timeout;
        this.transport = transport;
        this.fanOut = fanOut;
    }

    @Override
    public Verdict check(Batch batch, List<Host> deployed) throws InterruptedException {
        if (deployed.isEmpty()) {
            return Verdict.pass();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore slots = new Semaphore(fanOut);
        Map<String, Failure> failures = new ConcurrentSkipListMap<>(HostSet.NAME_ORDER);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            ExecutorCompletionService<Boolean> done = new ExecutorCompletionService<>(threads);
            List<Future<Boolean>> running = new ArrayList<>();
            for (Host host : deployed) {
                running.add(done.submit(() -> watchHost(host, deadline, slots, failures)));
            }
            try {
                for (int i = 0; i < running.size(); i++) {
                    if (!done.take().get() && failures.values().stream().anyMatch(Failure::early)) {
                        break;   // the gate has failed; no need to wait out the others
                    }
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("gate check failed unexpectedly", e.getCause());
            } finally {
                running.forEach(f -> f.cancel(true));
            }
        }
        if (failures.isEmpty()) {
            return Verdict.pass();
        }
        List<String> lines = new ArrayList<>();
        failures.forEach((host, f) -> lines.add(host + ": " + f.why()));
        return Verdict.fail(String.join("; ", lines));
    }

    /** Why a host failed the gate; early when it did before time ran out (critical, unreachable, bad input). */
    private record Failure(String why, boolean early) {
    }

    /** Watches one host; false (and a reason in {@code failures}) when it did not pass. */
    private boolean watchHost(Host host, long deadline, Semaphore slots, Map<String, Failure> failures)
            throws InterruptedException {
        slots.acquire();
        try (HostContext context = new HostContext(host, transport, deadline)) {
            watch.check().validate(host);
            Watch.Result r = watch.run(context, deadline);
            if (!r.passed()) {
                failures.put(host.name(), new Failure(r.describe(timeout), r.state() != Watch.State.TIMED_OUT));
            }
            return r.passed();
        } catch (StepFailure f) {
            failures.put(host.name(), new Failure("unreachable: " + f.getMessage(), true));
            return false;
        } catch (InputException e) {
            failures.put(host.name(), new Failure(e.getMessage(), true));
            return false;
        } finally {
            slots.release();
        }
    }

    private static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    @Override
    public String describe() {
        return (name.isEmpty() ? "" : name + ": ") + watch.check().describe() + " within " + text(timeout);
    }
}
