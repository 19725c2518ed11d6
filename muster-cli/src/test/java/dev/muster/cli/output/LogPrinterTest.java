package dev.muster.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.probe.logs.LogLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogPrinterTest {

    @Test
    void eachHostKeepsOneColourOnATerminalAndNoneElsewhere() {
        StringWriter out = new StringWriter();
        LogPrinter tty = new LogPrinter(new Terminal(new PrintWriter(out), new PrintWriter(new StringWriter()), true, true),
                List.of("web01", "db1"), List.of("/var/log/app.log"));
        tty.line(new LogLine("web01", "/var/log/app.log", "one"));
        tty.line(new LogLine("db1", "/var/log/app.log", "two"));
        tty.line(new LogLine("web01", "/var/log/app.log", "three"));
        List<String> lines = out.toString().lines().toList();
        String web01 = "\u001b[" + LogPrinter.colourOf("web01").code + "mweb01\u001b[0m | ";
        assertThat(lines.get(0)).isEqualTo(web01 + "one");
        assertThat(lines.get(2)).isEqualTo(web01 + "three");
        assertThat(lines.get(1)).startsWith("\u001b[" + LogPrinter.colourOf("db1").code + "mdb1  \u001b[0m | ");
        assertThat(LogPrinter.colourOf("web01")).isEqualTo(LogPrinter.colourOf(new String("web01")));

        StringWriter plain = new StringWriter();
        new LogPrinter(new Terminal(new PrintWriter(plain), new PrintWriter(new StringWriter()), false, false),
                List.of("web01"), List.of("a.log", "b.log")).line(new LogLine("web01", "b.log", "x"));
        assertThat(plain.toString()).isEqualTo("web01 b.log | x" + System.lineSeparator());
    }
}
