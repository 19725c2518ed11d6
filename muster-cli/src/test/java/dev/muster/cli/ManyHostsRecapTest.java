package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.FakeFleetBuilder;
import dev.muster.cli.output.GatheredPrinter;
import dev.muster.testkit.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 in-process hosts with seven kinds of failure scattered over them (a seeded random): the
 * gathered output and the recap stay a screenful, each line short, while every host is counted.
 */
class ManyHostsRecapTest {
    private static final int HOSTS = 2000;

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void twoThousandHostsWithMixedFailuresGiveABoundedRecap() throws Exception {
        long seed = 17;
        Random random = new Random(seed);
        FakeFleetBuilder b = FakeFleet.builder().hosts(HOSTS).namePrefix("n").baseAddress("127.3.0.1")
                .dir(java.nio.file.Files.createDirectories(dir.resolve("fleet")));
        int failing = 0;
        int[] exits = {1, 2, 3};
        for (int i = 1; i <= HOSTS; i++) {
            String name = String.format("n%04d", i);
            int roll = random.nextInt(100);
            Fault fault = roll < 6 ? Fault.REFUSE : roll < 10 ? Fault.exit(exits[random.nextInt(exits.length)])
                    : roll < 12 ? Fault.REJECT_AUTH : roll < 14 ? Fault.WRONG_HOST_KEY : roll < 16 ? Fault.DROP_AFTER_AUTH
                    : roll < 17 ? Fault.slow(Duration.ofSeconds(60)) : roll < 18 ? Fault.dropFirstHandshakes(1000) : null;
            if (fault != null) {
                b.faults(name, fault);
                failing++;
            }
        }
        try (FakeFleet fleet = b.start()) {
            CliResult r = new FleetCli(fleet, dir.resolve("store")).muster("run", "all", "-f", "200", "--retries", "0",
                    "--timeout", "20s", "--", "true");
            String why = "seed " + seed + "\n" + r.out() + r.err();
            assertThat(r.exit()).as(why).isEqualTo(1);
            List<String> lines = r.outLines();
            int recapAt = lines.indexOf(lines.stream().filter(l -> l.startsWith("recap: ")).findFirst().orElseThrow());
            assertThat(lines.get(recapAt)).as(why).startsWith("recap: " + HOSTS + " hosts · " + (HOSTS - failing) + " ok");
            List<String> recap = lines.subList(recapAt + 1, lines.size());
            // at most the top six kinds, then the rest summed on one line; every failing host counted once
            assertThat(recap).as(why).hasSizeBetween(5, GatheredPrinter.TOP_KINDS + 1);
            int counted = 0;
            for (String line : recap) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+)\\)$| (\\d+) hosts?( |$)").matcher(line);
                assertThat(m.find()).as(line + "\n" + why).isTrue();
                counted += Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
            }
            assertThat(counted).as(why).isEqualTo(failing);
            assertThat(lines).as("gathered output and recap fit a screen: " + why).hasSizeLessThan(60);
            // headers and recap lines (not the indented messages and output under a header) fit a line
            assertThat(lines.stream().filter(l -> !l.startsWith("    ")).toList()).as(why)
                    .allSatisfy(l -> assertThat(l.length()).isLessThan(200));
            assertThat(r.out()).as(why).containsPattern("connection refused +n\\[.* \\+\\d+ more \\(\\d+\\)");
        }
    }
}
