package dev.muster.testkit;

import java.util.Locale;

/**
 * The /proc files and {@code df -P} of an in-process host, made up but plausible and moving: each
 * host's CPU use swings around a level set by its profile's load average (a five-minute wave with
 * a phase of its own), and every counter is the integral of that use since the host "booted", so
 * counters only grow and two samples give the rates a real host would. Memory and disk levels
 * come from the profile and the host's name. The same host at the same moment prints the same text.
 */
final class ProcModel {
    /** When this JVM's fake hosts came up: their clocks tick from here. */
    private static final long START_NANOS = System.nanoTime();
    static final int CPUS = 4;
    private static final double PERIOD_S = 300;
    private static final int HZ = 100;

    private final String host;
    private final HostProfile profile;
    private final double base;
    private final double amplitude;
    private final double phase;
    private final double memUsed;
    private final long memKib;

    ProcModel(String host, HostProfile profile) {
        this.host = host;
        this.profile = profile;
        int h = host.hashCode() & 0x7fffffff;
        double load = firstLoad(profile.loadAverage());
        this.base = Math.min(0.93, Math.max(0.04, load / CPUS) + (h % 13) / 100.0);
        this.amplitude = Math.min(0.05 + (h % 7) / 100.0, Math.min(base, 0.98 - base));
        this.phase = (h % 628) / 100.0;
        this.memKib = load > 1 ? 32_890_348 : 8_139_172;
        this.memUsed = Math.min(0.9, 0.28 + (h % 31) / 100.0 + (load > 1 ? 0.3 : 0));
    }

    private static double firstLoad(String loadAverage) {
        try {
            return Double.parseDouble(loadAverage.split(",")[0].trim());
        } catch (RuntimeException e) {
            return 0.1;
        }
    }

    /** Seconds this host has been up now. */
    double uptime() {
        return profile.uptime().toSeconds() + (System.nanoTime() - START_NANOS) / 1e9;
    }

    /** The busy share of all CPUs at {@code t} seconds of uptime, 0..1. */
    double busy(double t) {
        return base + amplitude * Math.sin(2 * Math.PI * t / PERIOD_S + phase);
    }

    /** CPU-seconds (of one CPU's worth of busy share) spent busy since boot: the integral of {@link #busy}. */
    double busySeconds(double t) {
        double w = 2 * Math.PI / PERIOD_S;
        return base * t - amplitude / w * (Math.cos(w * t + phase) - Math.cos(phase));
    }

    /** The file's content, or null for a file this host does not have. */
    String file(String path) {
        double t = uptime();
        return switch (path) {
            case "/proc/stat" -> stat(t);
            case "/proc/meminfo" -> meminfo(t);
            case "/proc/loadavg" -> loadavg(t);
            case "/proc/diskstats" -> diskstats(t);
            case "/proc/net/dev" -> netdev(t);
            case "/proc/uptime" -> String.format(Locale.ROOT, "%.2f %.2f%n", t, t * CPUS * (1 - base));
            default -> null;
        };
    }

    private String stat(double t) {
        long total = (long) (t * HZ);
        long busy = (long) (busySeconds(t) * HZ);
        long iowait = total / 200;
        StringBuilder sb = new StringBuilder();
        line(sb, "cpu ", busy * CPUS, iowait * CPUS, total * CPUS);
        for (int i = 0; i < CPUS; i++) {
            line(sb, "cpu" + i, busy, iowait, total);
        }
        return sb.append("intr 0\nctxt ").append(total * 37).append("\nbtime 1733000000\nprocesses ")
                .append(4242 + total / 1000).append("\nprocs_running 1\nprocs_blocked 0\n").toString();
    }

    private static void line(StringBuilder sb, String name, long busy, long iowait, long total) {
        long user = busy * 7 / 10;
        long system = busy - user;
        long idle = Math.max(0, total - busy - iowait);
        sb.append(name).append(' ').append(user).append(" 0 ").append(system).append(' ').append(idle).append(' ')
                .append(iowait).append(" 0 0 0 0 0\n");
    }

    private String meminfo(double t) {
        double used = Math.min(0.97, memUsed + 0.04 * Math.sin(2 * Math.PI * t / (3 * PERIOD_S) + phase));
        long available = (long) (memKib * (1 - used));
        long free = available / 3;
        long cached = available - free;
        return "MemTotal:       " + memKib + " kB\nMemFree:        " + free + " kB\nMemAvailable:   " + available
                + " kB\nBuffers:          143212 kB\nCached:         " + cached + " kB\nSwapCached:            0 kB\n"
                + "SwapTotal:       1048572 kB\nSwapFree:        1048572 kB\nShmem:            20480 kB\n"
                + "SReclaimable:     98304 kB\n";
    }

    private String loadavg(double t) {
        double now = busy(t) * CPUS;
        double mid = busy(t - 150) * CPUS;
        return String.format(Locale.ROOT, "%.2f %.2f %.2f 1/187 4242%n", now, (now + mid) / 2, base * CPUS);
    }

    private String diskstats(double t) {
        long io = (long) (busySeconds(t) * 40);
        long reads = io * 3 + 10_000;
        long writes = io * 5 + 20_000;
        return disk(" 254       0 vda ", reads, writes) + disk(" 254       1 vda1 ", reads - 100, writes - 100);
    }

    private static String disk(String head, long reads, long writes) {
        return head + reads + " 12 " + reads * 16 + " 5000 " + writes + " 34 " + writes * 24
                + " 9000 0 14000 14000 0 0 0 0 0 0\n";
    }

    private String netdev(double t) {
        long rx = (long) (busySeconds(t) * 180_000 + t * 2_500);
        long tx = (long) (busySeconds(t) * 90_000 + t * 1_200);
        return "Inter-|   Receive                                                |  Transmit\n"
                + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
                + "    lo: 1048576 2048 0 0 0 0 0 0 1048576 2048 0 0 0 0 0 0\n"
                + "  eth0: " + rx + " " + rx / 900 + " 0 0 0 0 0 0 " + tx + " " + tx / 700 + " 0 0 0 0 0 0\n";
    }

    /** {@code df -P} over every file system: the root disk from the profile, /boot and a tmpfs. */
    String dfAll() {
        return Builtins.df(profile) + String.format("/dev/vda15        126678   11840    114838      10%% /boot%n")
                + String.format("tmpfs            %7d     912    %6d       1%% /run%n", memKib / 10, memKib / 10 - 912);
    }

    @Override
    public String toString() {
        return "/proc of " + host;
    }
}
