package dev.muster.core.step;

import static org.assertj.core.api.Assertions.assertThat;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShellTest {

    @Test
    void safeWordsStayAsTheyAreAndOthersAreSingleQuoted() {
        assertThat(Shell.quote("web01")).isEqualTo("web01");
        assertThat(Shell.quote("/srv/www")).isEqualTo("/srv/www");
        assertThat(Shell.quote("")).isEqualTo("''");
        assertThat(Shell.quote("a b")).isEqualTo("'a b'");
        assertThat(Shell.quote("it's")).isEqualTo("'it'\"'\"'s'");
        assertThat(Shell.quote("$(rm -rf /)")).isEqualTo("'$(rm -rf /)'");
    }

    @Test
    void aRealShellReadsAnyQuotedValueBackLiterally() {
        qt().withExamples(60).forAll(strings().allPossible().ofLengthBetween(0, 255)).checkAssert(value -> {
            String clean = value.replace("\0", "");
            assertThat(printedBackByShell(Shell.quote(clean)))
                    .isEqualTo(new String(clean.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        });
    }

    private static String printedBackByShell(String quoted) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", "printf %s " + quoted).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sudoWrapsTheCommandAsOneQuotedArgument() throws IOException {
        assertThat(CommandStep.command("echo $HOME; id", true).remoteCommand())
                .isEqualTo("sudo -n -- sh -c 'echo $HOME; id'");
        assertThat(CommandStep.command("uname -r", false).remoteCommand()).isEqualTo("uname -r");
        assertThat(CommandStep.script("fix.sh", new byte[] {1}, java.util.List.of("a b", "c"), true).remoteCommand())
                .isEqualTo("sudo -n sh -s -- 'a b' c");
    }
}
