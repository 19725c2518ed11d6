package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.Redactor;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.plan.PlanApply;
import dev.muster.core.strategy.RolloutResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** apply's recap at thousands of hosts whose failure messages each name their host. */
class ApplyPrinterRecapTest {

    private static String recap(List<RolloutResult.HostReport> hosts) {
        StringWriter out = new StringWriter();
        ApplyPrinter printer = new ApplyPrinter(new PrintWriter(out, true), Redactor.none(), false);
        printer.recap(new PlanApply.Result(new RolloutResult(hosts, List.of(), 1, "", false), null, null, null));
        return out.toString();
    }

    private static RolloutResult.HostReport failed(String host, String message) {
        return new RolloutResult.HostReport(host, RolloutResult.HostState.FAILED,
                Outcome.builder(host, Status.UNREACHABLE).kind(FailureKind.CONNECT_REFUSED).message(message).build(), 1, "");
    }

    @Test
    void thousandsOfHostsFailingInTheirOwnWordsFoldIntoTheLargestGroupsAndACount() {
        List<RolloutResult.HostReport> hosts = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            String h = String.format("n%04d", i);
            hosts.add(i % 3 == 0 ? failed(h, h + ": connection to " + h + ":22 refused")
                    : i % 5 == 0 ? failed(h, "relay gone") : new RolloutResult.HostReport(h,
                    RolloutResult.HostState.DEPLOYED, Outcome.builder(h, Status.OK).build(), 1, ""));
        }
        String out = recap(hosts);
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSizeLessThanOrEqualTo(ApplyPrinter.MAX_MESSAGES + 2);   // failures, deployed, recap
        assertThat(out).contains("unreachable: relay gone").contains(" other messages")
                .contains("recap: 3000 hosts");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThan(200));

        // a few messages: every one shown, as before
        String few = recap(List.of(failed("a1", "boom"), failed("a2", "bang")));
        assertThat(few).contains("a1 (1): unreachable: boom").contains("a2 (1): unreachable: bang")
                .doesNotContain("other messages");
    }
}
