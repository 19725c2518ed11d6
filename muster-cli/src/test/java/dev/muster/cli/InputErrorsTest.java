package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input exits 2 with file, line and what was expected, and nothing runs or is recorded. */
class InputErrorsTest {
    @TempDir
    Path dir;

    private Path inventory(String yaml) throws Exception {
        Path f = dir.resolve("inventory.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private CliResult muster(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(1, List.of("--store", dir.resolve("store").toString()));
        return CliResult.run(all);
    }

    @Test
    void malformedInventoryNamesFileLineAndColumn() throws Exception {
        Path inv = inventory("hosts:\n  web01: {address: 127.0.0.1, port: abc}\n");
        CliResult r = muster("run", "-i", inv.toString(), "all", "--", "true");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("inventory.yaml:2:").contains("port");
        assertThat(Files.exists(dir.resolve("store"))).isFalse();
    }

    @Test
    void badSelectorNamesTheColumnAndRunsNothing() throws Exception {
        Path inv = inventory("hosts:\n  web01: {address: 127.0.0.1}\n");
        CliResult r = muster("run", "-i", inv.toString(), "web01&(", "--", "true");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("selector:1:");
        assertThat(Files.exists(dir.resolve("store"))).isFalse();
    }

    @Test
    void unknownGroupIsBadInput() throws Exception {
        Path inv = inventory("hosts:\n  web01: {address: 127.0.0.1}\ngroups:\n  web: {hosts: [web01]}\n");
        CliResult r = muster("hosts", "-i", inv.toString(), "@wbe");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("wbe");
    }

    @Test
    void aSelectorMatchingNothingIsBadInput() throws Exception {
        Path inv = inventory("hosts:\n  web01: {address: 127.0.0.1, labels: {role: web}}\n");
        CliResult r = muster("run", "-i", inv.toString(), "role=db", "--", "true");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("matches no host");
    }

    @Test
    void missingInventoryIsARunProblem() {
        CliResult r = muster("hosts", "-i", dir.resolve("nope.yaml").toString(), "all");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("no inventory");
    }

    @Test
    void aRunWithoutACommandIsAUsageError() throws Exception {
        Path inv = inventory("hosts:\n  web01: {address: 127.0.0.1}\n");
        CliResult r = muster("run", "-i", inv.toString(), "all");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nothing to run");
    }

    @Test
    void badDurationsAndUnknownOptionsAreUsageErrors() {
        assertThat(muster("run", "--timeout", "soon", "all", "--", "true").exit()).isEqualTo(2);
        CliResult unknown = muster("run", "--frobnicate", "all", "--", "true");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("--frobnicate");
    }

    @Test
    void helpListsEveryCommonOptionWithItsDefault() {
        CliResult r = CliResult.run(List.of("run", "--help"));
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--inventory", "--ssh-config", "--known-hosts", "--identity", "--user", "--forks",
                "--timeout", "--deadline", "--retries", "--json", "--lines", "--extra-vars", "--quiet", "--verbose",
                "Default: 50", "Default: 10m");
        assertThat(CliResult.run(List.of("--help")).out()).contains("hosts", "run", "retry", "runs", "show", "demo");
    }

    @Test
    void hostsFoldsTheMatchedNames() throws Exception {
        StringBuilder y = new StringBuilder("hosts:\n");
        for (int i = 1; i <= 40; i++) {
            y.append(String.format("  web%02d: {address: 127.0.3.%d, labels: {role: web}, env: %s}%n", i, i,
                    i <= 38 ? "prod" : "dev"));
        }
        Path inv = inventory(y.toString());
        CliResult r = muster("hosts", "-i", inv.toString(), "role=web&env=prod");
        assertThat(r.exit()).isZero();
        assertThat(r.out().trim()).isEqualTo("web[01-38] (38)");
    }
}
