package dev.muster.core.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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

    @Property(tries = 60)
    void aRealShellReadsAnyQuotedValueBackLiterally(@ForAll String value) throws Exception {
        String clean = value.replace("\0", "");
        Process p = new ProcessBuilder("/bin/sh", "-c", "printf %s " + Shell.quote(clean)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(out).isEqualTo(new String(clean.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
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
