package dev.muster.probe.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Folding search results, on output captured from GNU grep -H -n -Z and grep.sh's markers. */
class GrepReportTest {

    @Test
    void identicalLinesFoldByHostSetAndCountsFoldByResult() {
        List<HostMatches> results = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String host = String.format("web%02d", i);
            String out = "/var/log/app.log\0" + (10 + i) + ":ERROR pool exhausted\n";
            if (i == 3 || i == 7) {
                out += "/var/log/app.log\0" + "99:trace=4bf9 GET /pay " + i + "\n";
            }
            results.add(HostMatches.from(ok(host, 0, out, "muster-grep:files:2\n")));
        }
        results.add(HostMatches.from(ok("web21", 1, "", "muster-grep:files:2\n")));
        results.add(HostMatches.from(new Outcome("web22", Status.FAILED, FailureKind.COMMAND_FAILED, 2, null, "",
                "muster-grep:no-file:/var/log/*.log\nmuster-grep:files:0\n", "grep exit 2", 1, 5, null)));

        List<GrepReport.LineGroup> lines = GrepReport.lines(results);
        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst().hosts().fold()).isEqualTo("web[01-20]");
        assertThat(lines.getFirst().text()).isEqualTo("ERROR pool exhausted");
        assertThat(lines.get(1).hosts().fold()).isEqualTo("web03");
        assertThat(lines.get(1).text()).isEqualTo("trace=4bf9 GET /pay 3");

        List<GrepReport.CountGroup> counts = GrepReport.counts(results);
        assertThat(counts).extracting(c -> c.hosts().fold() + " " + c.state().key() + " " + c.matches() + "/"
                + c.filesSearched()).containsExactly("web[01-02,04-06,08-20] matched 1/2", "web[03,07] matched 2/2",
                "web21 no-match 0/2", "web22 failed 0/0");
        assertThat(counts.getLast().errors()).containsExactly("no file matches /var/log/*.log");
    }

    @Test
    void aFileNameWithColonsAndALineCutShortAreReadSafely() {
        HostMatches h = HostMatches.from(ok("h", 0, "/srv/a:b.log\0" + "7:x:y:z\n/srv/a:b.log\0" + "8", ""));
        assertThat(h.matches()).containsExactly(new Match("/srv/a:b.log", 7, "x:y:z"));
    }

    private static Outcome ok(String host, int exit, String out, String err) {
        return new Outcome(host, Status.OK, null, exit, null, out, err, "", 1, 5, null);
    }
}
