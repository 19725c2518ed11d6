package dev.muster.core.plan;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** Hosts that answer each command as a test scripts them, instead of over SSH: the plan tests' transport. */
final class ScriptedTransport implements Transport {
    /** How a host answers one command. */
    @FunctionalInterface
    interface Answers {
        ExecResult answer(String host, ExecRequest request);
    }

    private final Answers answers;
    /** Connections opened, over all hosts. */
    final AtomicInteger connects = new AtomicInteger();

    ScriptedTransport(Answers answers) {
        this.answers = answers;
    }

    /** An executor over these hosts with a fixed seed for retry jitter. */
    static Executor executor(Answers answers) {
        return new Executor(new ScriptedTransport(answers), Clock.systemUTC(), new Random(1));
    }

    static ExecResult result(int exit, String stdout) {
        return new ExecResult(exit, null, stdout.getBytes(StandardCharsets.UTF_8), new byte[0], false);
    }

    @Override
    public Connection connect(Host host) {
        connects.incrementAndGet();
        return new Connection() {
            @Override
            public Host host() {
                return host;
            }

            @Override
            public ExecResult exec(ExecRequest request) {
                return answers.answer(host.name(), request);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
    }
}
