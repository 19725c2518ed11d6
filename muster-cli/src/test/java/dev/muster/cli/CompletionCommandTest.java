package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.command.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `muster completion bash` prints a script that bash loads and that completes commands and options. */
class CompletionCommandTest {
    @TempDir
    Path dir;

    @Test
    void theBashScriptLoadsAndCompletesCommandsAndOptions() throws Exception {
        CliResult r = CliResult.run(List.of("completion", "bash"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_muster")
                .contains("run", "push", "vault", "--forks").doesNotContain(" train ");
        Path script = dir.resolve("muster-completion.bash");
        Files.writeString(script, r.out());
        // load it, then ask it what follows "muster ru" and "muster run --fo"
        String out = bash("source '" + script + "' && complete -p muster"
                + " && COMP_WORDS=(muster ru) COMP_CWORD=1 COMP_LINE='muster ru' COMP_POINT=9 && _complete_muster"
                + " && echo \"words: ${COMPREPLY[*]}\""
                + " && COMP_WORDS=(muster run --fo) COMP_CWORD=2 COMP_LINE='muster run --fo' COMP_POINT=15"
                + " && _complete_muster && echo \"options: ${COMPREPLY[*]}\"");
        // picocli's function, wrapped by _muster (host and group names: TcpFrontTest)
        assertThat(out).contains("complete -o default -F _muster muster");
        assertThat(out.lines().filter(l -> l.startsWith("words: ")).findFirst().orElseThrow())
                .contains("run", "runs").doesNotContain("push");
        assertThat(out.lines().filter(l -> l.startsWith("options: ")).findFirst().orElseThrow()).contains("--forks");
    }

    @Test
    void anUnknownShellIsBadInput() {
        CliResult r = CliResult.run(List.of("completion", "fish"));
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("unknown shell 'fish': expected bash or zsh");
        assertThat(r.out()).isEmpty();
    }

    private static String bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
