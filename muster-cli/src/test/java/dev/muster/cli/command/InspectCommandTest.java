package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `muster inspect` on bad input: exit 2 with file:line:col, before any inventory or host is touched. */
class InspectCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aBadInspectionFileExitsWith2NamingEveryProblem() throws Exception {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, """
                name: nightly
                targets: all
                checks:
                  - {metric: disk_used_percent, warn: 99, fail: 90}
                  - {log: /var/log/app.log, pattern: "ERROR|FATAL"}
                """);
        CliResult r = CliResult.run(List.of("inspect", file.toString(), "--inventory",
                tmp.resolve("missing.yaml").toString()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(file + ":4:39: warn (99) must not be above fail (90)")
                .contains(file + ":5:5: give 'warn', 'fail' or both");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void inspectIsListedInTheHelp() {
        CliResult r = CliResult.run(List.of("--help"));
        assertThat(r.out()).contains("inspect");
    }
}
