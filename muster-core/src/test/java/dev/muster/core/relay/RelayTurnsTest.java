package dev.muster.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay serves its leaves a few at a time: more leaves than the controller's session to the relay
 * has channels queue for their turn instead of failing against the pool's acquire timeout (found
 * by bench/relay.sh: 50 leaves a relay, a 30 MiB push, 18 of each relay's leaves "unreachable").
 */
class RelayTurnsTest {
    @TempDir
    Path dir;

    /** A relay session with {@link RelayTransport#LEAVES_AT_ONCE} channels that refuses a lease beyond them. */
    private static final class OneRelaySession implements Transport {
        final AtomicInteger leased = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();

        @Override
        public Connection connect(Host host) throws StepFailure {
            int now = leased.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            if (now > RelayTransport.LEAVES_AT_ONCE) {
                leased.decrementAndGet();
                throw new StepFailure(FailureKind.POOL_EXHAUSTED, host.name() + ": all channels of its session stayed busy");
            }
            return new Connection() {
                @Override
                public Host host() {
                    return host;
                }

                @Override
                public ExecResult exec(ExecRequest request) throws InterruptedException {
                    Thread.sleep(2); // the leaf's copy or command, run on the relay
                    byte[] out = request.command().contains("mkdir") ? "/home/relay/.muster-relay\n".getBytes() : new byte[0];
                    return new ExecResult(0, null, out, new byte[0], false);
                }

                @Override
                public void close() {
                    leased.decrementAndGet();
                }
            };
        }

        @Override
        public void close() {
        }
    }

    @Test
    void moreLeavesThanTheRelayHasChannelsTakeTurnsAndAllGetThrough() throws Exception {
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, """
                hosts:
                  relay1: {}
                  "leaf[01-50]": {}
                groups:
                  leaves: {hosts: ["leaf[01-50]"]}
                relays:
                  relay1: {hosts: leaves, identity_file: /k}
                """);
        Inventory inventory = new InventoryLoader().load(inv);
        List<Host> leaves = inventory.hosts().stream().filter(h -> h.name().startsWith("leaf")).toList();
        OneRelaySession base = new OneRelaySession();
        RelayTransport relays = new RelayTransport(base, RelayRoutes.of(inventory, leaves, null),
                RelayTransport.Fallback.NONE, leaves, hosts -> List.of(), Duration.ofSeconds(5));

        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Host leaf : leaves) {
                done.add(pool.submit(() -> {
                    try (Connection c = relays.connect(leaf)) {
                        return c.exec(ExecRequest.of("true"));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS); // throws if any leaf failed
            }
        }
        assertThat(base.most.get()).isLessThanOrEqualTo(RelayTransport.LEAVES_AT_ONCE);
        assertThat(base.leased.get()).isZero();
    }
}
