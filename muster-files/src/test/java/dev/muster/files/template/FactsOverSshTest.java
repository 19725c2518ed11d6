package dev.muster.files.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.Redactor;
import dev.muster.core.exec.Connection;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.files.FleetTransports;
import dev.muster.ssh.SshTransport;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.FakeHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facts gathered over SSH from an in-process host that runs commands through /bin/sh on this
 * machine, so the facts are this machine's; and no connection at all when a template does not read them.
 */
class FactsOverSshTest {
    private static FakeFleet fleet;
    private static Host web01;

    @TempDir
    Path dir;

    private SshTransport transport;

    @BeforeAll
    static void startFleet(@TempDir Path fleetDir) throws Exception {
        fleet = FakeFleet.builder().dir(fleetDir).hosts(1).namePrefix("web").commandMode(CommandMode.SHELL).start();
        web01 = new InventoryLoader().load(fleet.inventory()).host("web01").orElseThrow();
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @BeforeEach
    void openTransport() {
        fleet.hosts().forEach(FakeHost::resetCounters);
        transport = FleetTransports.of(fleet);
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    /** Connects only when asked, as {@code muster render} and a template step do. */
    private FactSource connectingFacts() {
        return () -> {
            try (Connection c = transport.connect(web01)) {
                return Facts.gather(c, Duration.ofSeconds(30));
            }
        };
    }

    private String render(String template) throws Exception {
        Path file = dir.resolve("t.peb");
        Files.writeString(file, template);
        return new String(Templates.load(file).render(web01, connectingFacts(), Redactor.none()).content());
    }

    @Test
    void factsAreThoseOfTheHostGatheredInOneCommand() throws Exception {
        String out = render("{{ facts.hostname }}|{{ facts.kernel }}|{{ facts.cpus }}|{{ facts.memory_mb }}|"
                + "{{ facts.os.id }}|{{ facts.hostname }}");
        String[] parts = out.split("\\|", -1);
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertThat(parts[0]).isEqualTo(hostname);
        assertThat(parts[1]).isEqualTo(System.getProperty("os.version"));
        assertThat(Integer.parseInt(parts[2])).isPositive();
        assertThat(Long.parseLong(parts[3])).isPositive();
        assertThat(parts[5]).isEqualTo(hostname);
        assertThat(fleet.host("web01").counters().commandsRun()).isEqualTo(1);
    }

    @Test
    void aTemplateThatDoesNotReadFactsNeverConnects() throws Exception {
        assertThat(render("name={{ host.name }}\n{% if false %}{{ facts.kernel }}{% endif %}\n"))
                .isEqualTo("name=web01\n\n");
        assertThat(fleet.host("web01").counters().connectionsAccepted()).isZero();
        assertThat(transport.stats().created()).isZero();
    }

    @Test
    void anUndefinedFactIsAStrictError() throws Exception {
        Path file = dir.resolve("t.peb");
        Files.writeString(file, "{{ facts.nope }}");
        try {
            Templates.load(file).render(web01, connectingFacts(), Redactor.none());
            throw new AssertionError("expected a RenderException");
        } catch (RenderException e) {
            assertThat(e.name()).contains("nope");
            assertThat(e.host()).isEqualTo("web01");
        }
    }
}
