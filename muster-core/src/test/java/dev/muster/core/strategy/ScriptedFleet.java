package dev.muster.core.strategy;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

/**
 * Hosts h01..hNN whose step result is scripted by name: no network, no sleeping. The step
 * records the order hosts were attempted in, so tests can see which batches ran.
 */
final class ScriptedFleet {
    final List<Host> hosts;
    final Set<String> failing;
    final Set<String> unreachable;
    final List<String> attempted = new CopyOnWriteArrayList<>();

    ScriptedFleet(int size, Set<String> failing, Set<String> unreachable) {
        this.hosts = IntStream.rangeClosed(1, size).mapToObj(i -> Host.of(String.format("h%02d", i), "127.0.0.1", 22))
                .toList();
        this.failing = failing;
        this.unreachable = unreachable;
    }

    Step step() {
        return context -> {
            String name = context.host().name();
            attempted.add(name);
            if (unreachable.contains(name)) {
                throw new StepFailure(FailureKind.CONNECT_REFUSED, "connect to " + name + ": connection refused");
            }
            if (failing.contains(name)) {
                return new StepResult(Status.FAILED, FailureKind.COMMAND_FAILED, 1, null, "", "boom", "exit code 1");
            }
            return StepResult.changed("deployed");
        };
    }

    Executor executor() {
        return new Executor(new NoTransport(), Clock.systemUTC(), new Random(1));
    }

    BatchRunner runner() {
        return BatchRunner.of(executor(), step(), null);
    }

    /** The scripted step never connects; a test that reaches this has a bug. */
    private static final class NoTransport implements Transport {
        @Override
        public Connection connect(Host host) {
            throw new AssertionError("scripted steps do not connect");
        }

        @Override
        public void close() {
        }
    }
}
