package dev.muster.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {
    private static String printed(boolean tty, Map<String, String> env) {
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out, true);
        GatheredPrinter printer = new GatheredPrinter(Terminal.of(w, w, tty, env));
        List<Outcome> outcomes = List.of(new Outcome("web1", Status.OK, null, 0, null, "x\n", "", "", 1, 1, null),
                new Outcome("web2", Status.FAILED, FailureKind.COMMAND_FAILED, 2, null, "", "", "exit code 2", 1, 1,
                        null));
        printer.printGroups(outcomes);
        printer.printRecap(outcomes, null, null);
        return out.toString();
    }

    @Test
    void colourOnlyOnATerminal() {
        assertThat(printed(true, Map.of("TERM", "xterm"))).contains("\u001b[32mok\u001b[0m").contains("\u001b[31m");
        assertThat(printed(false, Map.of("TERM", "xterm"))).doesNotContain("\u001b[");
    }

    @Test
    void noColorAndDumbTerminalsTurnColourOff() {
        assertThat(printed(true, Map.of("NO_COLOR", "1"))).doesNotContain("\u001b[")
                .contains("web1 (1): ok").contains("web2 (1): failed (exit 2)");
        assertThat(printed(true, Map.of("TERM", "dumb"))).doesNotContain("\u001b[");
    }
}
