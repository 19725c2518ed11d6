package dev.muster.probe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/** Each section parser on output from several kernels' formats. */
class ParsersTest {
    static final String[] KERNELS = Fixtures.KERNELS;

    @ParameterizedTest
    @FieldSource("KERNELS")
    void everyKernelsOutputParsesWithoutProblems(String kernel) {
        Snapshot s = Fixtures.snapshot(kernel);
        assertThat(s.problems()).as(kernel).isEmpty();
        assertThat(s.cpu()).isNotNull();
        assertThat(s.memory()).isNotNull();
        assertThat(s.load()).isNotNull();
        assertThat(s.uptimeSeconds()).isPositive();
        assertThat(s.disks()).isNotEmpty();
        assertThat(s.interfaces()).containsKey("lo");
        assertThat(s.filesystems()).isNotEmpty();
    }

    @Test
    void capturedSixEighteenOutputReadsAsThisMachineShowedIt() {
        Snapshot s = Fixtures.snapshot("linux-6.18-here");
        assertThat(s.cpu()).isEqualTo(new CpuTimes(687294, 0, 198856, 601265, 1356, 0, 3389, 675));
        assertThat(s.cpuCount()).isEqualTo(2);
        assertThat(s.memory().availableEstimated()).isFalse();
        assertThat(s.memory().availableKb()).isEqualTo(24267344);
        assertThat(s.disks().get("vda")).isEqualTo(new DiskCounters("vda", 171506, 6238234, 62307, 6167696));
        assertThat(s.interfaces().get("eth0")).isEqualTo(new NetCounters("eth0", 80074993, 262557));
        assertThat(s.filesystems()).extracting(Filesystem::mount).containsExactly("/");
    }

    @Test
    void twoSixNineCpuLineWithSevenColumnsHasNoSteal() {
        CpuTimes cpu = Fixtures.snapshot("linux-2.6.9").cpu();
        assertThat(cpu).isEqualTo(new CpuTimes(1134508, 2341, 312450, 98123456, 45612, 1023, 2210, 0));
        assertThat(Fixtures.snapshot("linux-2.6.9").cpuCount()).isEqualTo(2);
    }

    @Test
    void shortPartitionLinesOfOldKernelsAndFourteenFieldDisksAreRead() {
        Snapshot s = Fixtures.snapshot("linux-2.6.9");
        assertThat(s.disks().get("hda1")).isEqualTo(new DiskCounters("hda1", 35486, 38030, 38030, 38030));
        assertThat(s.disks().get("hda")).isEqualTo(new DiskCounters("hda", 446216, 9550688, 424847, 5922052));
        assertThat(Fixtures.snapshot("linux-3.10").disks().get("sda"))
                .isEqualTo(new DiskCounters("sda", 245120, 12345678, 456789, 34567890));
    }

    @Test
    void eighteenFieldDiskstatsReadTheSameColumns() {
        assertThat(Fixtures.snapshot("linux-4.19").disks().get("sdb"))
                .isEqualTo(new DiskCounters("sdb", 5000, 80000, 1000, 16000));
    }

    @Test
    void withoutMemAvailableTheAvailableMemoryIsEstimated() {
        Memory m = Fixtures.snapshot("linux-3.10").memory();
        assertThat(m.availableEstimated()).isTrue();
        // MemFree + Buffers + Cached + SReclaimable - Shmem
        assertThat(m.availableKb()).isEqualTo(203548 + 151236 + 2018708 + 180000 - 20480);
        Memory old = Fixtures.snapshot("linux-2.6.9").memory();
        assertThat(old.availableKb()).isEqualTo(81236 + 104568 + 1502340);
        assertThat(old.swapUsedPercent()).isZero();
    }

    @Test
    void counterGluedToTheColonInOldNetDevIsRead() {
        assertThat(Fixtures.snapshot("linux-2.6.9").interfaces().get("eth0"))
                .isEqualTo(new NetCounters("eth0", 3456789012L, 123456789));
    }

    @Test
    void dfSkipsPseudoFileSystemsAndKeepsMountPointsWithSpaces() {
        Snapshot s = Fixtures.snapshot("linux-4.19");
        assertThat(s.filesystems()).extracting(Filesystem::mount).containsExactly("/", "/boot", "/srv/data dir");
        Filesystem data = s.filesystems().get(2);
        assertThat(data.usedPercent()).isCloseTo(100.0 * 9700000 / (9700000 + 15108), within(1e-9));
    }

    @Test
    void partitionsLoopAndDeviceMapperAreNotCountedAsDisks() {
        var names = Fixtures.snapshot("linux-4.19").disks().keySet();
        assertThat(names.stream().filter(n -> DiskstatsParser.countsAsDisk(n, names)).sorted())
                .containsExactly("sda", "sdb");
        var nvme = java.util.Set.of("nvme0n1", "nvme0n1p1", "nvme0n1p2", "mmcblk0", "mmcblk0p1", "zram0");
        assertThat(nvme.stream().filter(n -> DiskstatsParser.countsAsDisk(n, nvme)).sorted())
                .containsExactly("mmcblk0", "nvme0n1");
    }
}
