package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.cli.FleetCli;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code muster render}: a local preview for one host, exit codes, secrets never printed, facts only when read. */
class RenderCommandTest {
    private static FakeFleet fleet;

    @TempDir
    Path dir;

    private Path inventory;

    @BeforeAll
    static void startFleet(@TempDir Path fleetDir) throws Exception {
        fleet = FakeFleet.builder().dir(fleetDir).hosts(1).namePrefix("web").commandMode(CommandMode.SHELL).start();
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @BeforeEach
    void writeInventory() throws Exception {
        inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, """
                vars: {workers: 2, log_level: info}
                hosts:
                  web01: {address: 10.0.0.1, env: prod, vars: {db_password: {secret: "s3cr3t-pw"}}}
                groups:
                  web: {hosts: [web01], vars: {workers: 4}}
                environments:
                  prod: {vars: {log_level: warn}}
                """);
        fleet.hosts().forEach(h -> h.resetCounters());
    }

    private Path template(String text) throws Exception {
        Path file = dir.resolve("templates/app.conf.peb");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private CliResult render(Path template, String... more) {
        List<String> args = new ArrayList<>(List.of("render", template.toString(), "-i", inventory.toString(),
                "--store", dir.resolve("store").toString()));
        args.addAll(List.of(more));
        return CliResult.run(args);
    }

    @Test
    void printsTheFileAsRenderedForTheHostWithSecretLinesRedacted() throws Exception {
        Path t = template("workers = {{ workers }}\nlog = {{ log_level }}\npassword = {{ db_password }}\n"
                + "name = {{ host.name }}\n");
        CliResult r = render(t, "--host", "web01");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("workers = 4\nlog = warn\n<secret redacted>\nname = web01\n");
        assertThat(r.out() + r.err()).doesNotContain("s3cr3t");
        assertThat(Files.exists(dir.resolve("store"))).isFalse();
    }

    @Test
    void extraVarsWinOverTheInventory() throws Exception {
        CliResult r = render(template("{{ workers }}/{{ log_level }}\n"), "--host", "web01", "-e", "log_level=debug");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("4/debug\n");
    }

    @Test
    void anUnknownHostIsBadInput() throws Exception {
        CliResult r = render(template("x\n"), "--host", "web99");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no host named 'web99'");
    }

    @Test
    void aSyntaxErrorIsBadInputNamingFileAndLine() throws Exception {
        Path t = template("a\n{% for x in xs %}\n{{ x }}\n");
        CliResult r = render(t, "--host", "web01");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(t + ":4:").contains("endfor");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUndefinedVariableIsBadInputNamingTemplateLineVariableAndHost() throws Exception {
        Path t = template("workers = {{ workers }}\nport = {{ http_port }}\n");
        CliResult r = render(t, "--host", "web01");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(t + ":2: undefined variable 'http_port' for host web01");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingTemplateIsBadInput() {
        CliResult r = render(dir.resolve("nope.peb"), "--host", "web01");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nope.peb");
    }

    @Test
    void factsAreGatheredFromTheHostWhenTheTemplateReadsThem() throws Exception {
        Path t = template("kernel = {{ facts.kernel }}\nhost = {{ host.name }}\n");
        CliResult r = new FleetCli(fleet, dir.resolve("store")).muster("render", t.toString(), "--host", "web01");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("kernel = " + System.getProperty("os.version") + "\nhost = web01\n");
        assertThat(fleet.host("web01").counters().commandsRun()).isEqualTo(1);
    }

    @Test
    void noConnectionIsMadeWhenTheTemplateDoesNotReadFacts() throws Exception {
        Path t = template("host = {{ host.name }} {{ host.port }}\n");
        CliResult r = new FleetCli(fleet, dir.resolve("store")).muster("render", t.toString(), "--host", "web01");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("host = web01 ");
        assertThat(fleet.host("web01").counters().connectionsAccepted()).isZero();
    }

    @Test
    void anUnreachableHostWhenFactsAreNeededExitsOne() throws Exception {
        Files.writeString(inventory, "hosts:\n  gone: {address: 127.0.0.1, port: 1}\n");
        CliResult r = render(template("{{ facts.hostname }}\n"), "--host", "gone", "--retries", "0");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("gone").contains("cannot gather facts");
    }
}
