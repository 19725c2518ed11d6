package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command reads MUSTER_* from its own environment (the persist daemon's client's), never from
 * the process it runs in: each value here is a temporary path the process's environment cannot name.
 */
class CommandEnvironmentTest {
    @TempDir
    Path dir;

    private static CommandContext seeing(Map<String, String> env) {
        return CommandContext.process().withEnv(env);
    }

    @Test
    void musterInventoryInTheCommandsEnvironmentIsTheInventoryHostsShows() throws Exception {
        Path inventory = Files.writeString(dir.resolve("fleet.yaml"),
                "hosts:\n  envhost01: {address: 127.0.0.1}\n  envhost02: {address: 127.0.0.1}\n");
        CliResult r = CliResult.run(List.of("hosts"), seeing(Map.of("MUSTER_INVENTORY", inventory.toString())));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("envhost[01-02] (2)");
    }

    @Test
    void musterHomeInTheCommandsEnvironmentHoldsTheServersStore() {
        Path home = dir.resolve("home");
        Map<String, String> env = Map.of("MUSTER_HOME", home.toString());
        CliResult add = CliResult.run(List.of("schedule", "add", "env-home", "@daily", "--command", "true",
                "--selector", "all"), seeing(env));
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(home.resolve("muster.db")).isRegularFile();
        assertThat(CliResult.run(List.of("schedule", "list"), seeing(env)).out()).contains("env-home");
    }

    @Test
    void musterConfigInTheCommandsEnvironmentGivesTheDefaults() throws Exception {
        Path config = Files.writeString(dir.resolve("fleet-defaults.yaml"), "forks: 7\n");
        CliResult help = CliResult.run(List.of("run", "--help"), seeing(Map.of("MUSTER_CONFIG", config.toString())));
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("Hosts at once. Default: 7.");
    }

    @Test
    void theCommonOptionsFindTheirFilesThroughTheContextsEnvironment() {
        Path inventories = dir.resolve("a.yaml");
        String list = inventories + java.io.File.pathSeparator + dir.resolve("b.ini");
        CommonOptions options = new CommonOptions(seeing(Map.of("MUSTER_INVENTORY", list,
                "MUSTER_SSH_CONFIG", dir.resolve("ssh_config").toString(), "MUSTER_HOME", dir.resolve("home").toString())));
        assertThat(options.inventoryFiles()).containsExactly(inventories, dir.resolve("b.ini"));
        assertThat(options.sshConfigFile()).isEqualTo(dir.resolve("ssh_config"));
        assertThat(options.storeDir()).isEqualTo(dir.resolve("home"));
    }

    @Test
    void withoutMusterHomeInTheCommandsEnvironmentTheStoreIsUnderTheUsersHome() {
        CommonOptions options = new CommonOptions(seeing(Map.of("PATH", "/usr/bin:/bin")));
        assertThat(options.storeDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".muster"));
        assertThat(options.inventoryFiles()).containsExactly(Path.of("inventory.yaml"));
    }
}
