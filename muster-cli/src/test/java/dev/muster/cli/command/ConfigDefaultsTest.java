package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigDefaultsTest {
    @TempDir
    Path dir;

    private ConfigDefaults config(String yaml) throws Exception {
        Path f = dir.resolve("muster.yaml");
        Files.writeString(f, yaml);
        return ConfigDefaults.read(f);
    }

    private RunCommand parse(ConfigDefaults defaults, String... args) {
        RunCommand run = new RunCommand();
        CommandLine cli = new CommandLine(run, Commands.factory(CommandContext.process()));
        cli.setDefaultValueProvider(defaults);
        cli.parseArgs(args);
        return run;
    }

    @Test
    void configFileChangesDefaultsAndTheCommandLineStillWins() throws Exception {
        ConfigDefaults defaults = config("forks: 7\ntimeout: 45s\nretries: 0\nknown-hosts: ~/.ssh/fleet\n");
        RunCommand run = parse(defaults, "all", "--", "true");
        assertThat(run.options.forks).isEqualTo(7);
        assertThat(run.options.timeout).isEqualTo(Duration.ofSeconds(45));
        assertThat(run.options.retries).isZero();
        assertThat(run.options.knownHosts).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "fleet"));
        assertThat(parse(defaults, "-f", "3", "all", "--", "true").options.forks).isEqualTo(3);

        CommandLine cli = new CommandLine(new RunCommand(), Commands.factory(CommandContext.process()));
        cli.setDefaultValueProvider(defaults);
        assertThat(cli.getUsageMessage()).contains("Default: 7.").contains("Default: 45s.");
    }

    @Test
    void unknownKeysNameTheFileLineAndTheKeysAllowed() throws Exception {
        assertThatThrownBy(() -> config("forks: 7\nfrks: 3\n")).isInstanceOf(InputException.class)
                .hasMessageContaining("muster.yaml:2:1: unknown option 'frks'").hasMessageContaining("forks");
    }

    @Test
    void listsAndMissingValuesAreRefused() throws Exception {
        assertThatThrownBy(() -> config("forks: [1, 2]\n")).hasMessageContaining("muster.yaml:1:8")
                .hasMessageContaining("single value");
        assertThatThrownBy(() -> config("- forks\n")).hasMessageContaining("expected a mapping");
        assertThat(config("").defaultValue(null)).isNull();
    }

    @Test
    void aBadValueInTheFileIsReportedAtItsPlace() throws Exception {
        ConfigDefaults defaults = config("timeout: 5m\nforks: abc\n");
        CommandLine.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
                CommandLine.ParameterException.class, () -> parse(defaults, "all", "--", "true"));
        assertThat(defaults.origin(e.getArgSpec(), e.getMessage())).endsWith("muster.yaml:2:8");
        // the same complaint about a value typed on the command line has no file position
        CommandLine.ParameterException typed = org.junit.jupiter.api.Assertions.assertThrows(
                CommandLine.ParameterException.class, () -> parse(config("forks: 4\n"), "-f", "x", "all", "--", "true"));
        assertThat(config("forks: 4\n").origin(typed.getArgSpec(), typed.getMessage())).isNull();
    }
}
