package dev.muster.probe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** No output a host can send makes a parser throw; what could not be read is named. */
class GarbageTest {

    @Test
    void truncatedOutputNamesTheSectionsThatAreMissing() {
        String full = Fixtures.output("linux-4.19");
        String cut = full.substring(0, full.indexOf("==> /proc/diskstats <==") + 60);
        Snapshot s = SampleScript.all().parse(cut, 0);
        assertThat(s.cpu()).isNotNull();
        assertThat(s.problems()).contains("netdev: missing from the host's output", "uptime: missing from the host's output",
                "df: missing from the host's output");
        assertThat(s.problems()).anyMatch(p -> p.startsWith("diskstats: expected 7, 14, 18 or 20 fields"));
    }

    @Test
    void aGarbledCpuLineIsReportedWithTheFieldThatFailed() {
        String out = Fixtures.output("linux-6.18-here").replaceFirst("cpu  687294 0 198856", "cpu  687294 x 198856");
        Snapshot s = SampleScript.all().parse(out, 0);
        assertThat(s.cpu()).isNull();
        assertThat(s.problems()).containsExactly("stat: cpu: counter 2 is not a number: 'x'");
        assertThat(s.memory()).isNotNull();
    }

    @Test
    void meminfoWithoutMemTotalLeavesMemoryUnknown() {
        String out = Fixtures.output("linux-3.10").replaceFirst("MemTotal:", "MemTotl:");
        Snapshot s = SampleScript.all().parse(out, 0);
        assertThat(s.memory()).isNull();
        assertThat(s.problems()).containsExactly("meminfo: MemTotal missing");
    }

    @Test
    void unexpectedLinesAreNamedAndTheRestIsKept() {
        String out = Fixtures.output("linux-4.19").replace("udev ", "udev-bogus-line-without-numbers\nudev ")
                .replace("0.42 0.37 0.30", "load? no");
        Snapshot s = SampleScript.all().parse(out, 0);
        assertThat(s.problems()).containsExactlyInAnyOrder(
                "loadavg: expected three averages, found 'load? no 2/412 30211'",
                "df: expected 'source blocks used available capacity% mount', found 'udev-bogus-line-without-numbers'");
        assertThat(s.filesystems()).hasSize(3);
    }

    @Test
    void arbitraryTextNeverThrows() {
        qt().withExamples(300).forAll(noise()).checkAssert(noise -> {
            Snapshot s = SampleScript.all().parse(noise, 0);
            assertThat(s).isNotNull();
        });
    }

    /** Any text at all, up to 255 code points. */
    private static Gen<String> noise() {
        return strings().allPossible().ofLengthBetween(0, 255);
    }

    @Test
    void theSampleCommandReadsEveryProcFileWithOneTail() {
        String cmd = SampleScript.all().command();
        assertThat(cmd).startsWith("export LC_ALL=C; tail -n +1 /proc/stat /proc/meminfo /proc/loadavg "
                + "/proc/diskstats /proc/net/dev /proc/uptime; echo '@@muster-section df'; ");
        assertThat(new SampleScript(java.util.List.of(Section.UPTIME)).command())
                .isEqualTo("export LC_ALL=C; echo '@@muster-section uptime'; cat /proc/uptime; exit 0");
    }

    @Test
    void arbitraryTextInsideEverySectionNeverThrows() {
        qt().withExamples(300).forAll(noise()).checkAssert(noise -> {
            StringBuilder sb = new StringBuilder();
            for (Section sec : Section.values()) {
                sb.append(SampleScript.MARKER).append(sec.key()).append('\n').append(noise).append('\n');
            }
            Snapshot s = SampleScript.all().parse(sb.toString(), 0);
            assertThat(s.problems()).noneMatch(p -> p.contains("Exception"));
        });
    }
}
