package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** muster hostset answers as nodeset -f, -e and -c do (muster-conformance checks the notation itself). */
class HostsetCommandTest {
    @Test
    void foldsExpandsAndCountsAsNodesetDoes() {
        assertThat(CliResult.run(List.of("hostset", "web1.dc1", "web2.dc1", "web3.dc1")).out())
                .isEqualTo("web[1-3].dc1\n");
        assertThat(CliResult.run(List.of("hostset", "-e", "web[01-03],db1")).out()).isEqualTo("db1 web01 web02 web03\n");
        assertThat(CliResult.run(List.of("hostset", "-c", "node[1-9/2]")).out()).isEqualTo("5\n");
        assertThat(CliResult.run(List.of("hostset", "-e", "-S", "\\n", "n[1-2]")).out()).isEqualTo("n1\nn2\n");
    }

    @Test
    void theFastPathAnswersAsThePicocliOne() {
        for (String[] args : List.of(new String[] {"hostset", "-e", "node[08-11]"}, new String[] {"hostset", "-c", "a[1-5]"},
                new String[] {"hostset", "rack1node1", "rack1node2", "rack2node1"})) {
            StringWriter out = new StringWriter();
            assertThat(HostsetCommand.fast(args, new PrintWriter(out), new PrintWriter(new StringWriter()), false)).isZero();
            assertThat(out.toString()).isEqualTo(CliResult.run(List.of(args)).out());
        }
    }

    @Test
    void aBadSetIsExitTwoWithItsColumn() {
        CliResult r = CliResult.run(List.of("hostset", "-e", "n[01-100]"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("host set:1:3: range 01-100 pads its bounds to different widths");
        StringWriter err = new StringWriter();
        assertThat(HostsetCommand.fast(new String[] {"hostset", "n[1-"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), false)).isEqualTo(2);
        assertThat(err.toString()).startsWith("muster: host set:1:2:");
    }
}
