package dev.muster.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Configures a {@link FakeFleet}. Either {@link #hosts(int)} numbered hosts (prefix + 01, 02, ...)
 * or explicit {@link #host(HostSpec)}s, or both.
 */
public final class FakeFleetBuilder {

    private int count;
    private String namePrefix = "host";
    private final List<HostSpec> explicit = new ArrayList<>();
    private final Map<String, List<Fault>> faults = new LinkedHashMap<>();
    private final Map<String, List<String>> groups = new LinkedHashMap<>();
    private Map<String, String> labels = Map.of();
    private String env;
    private Function<String, HostProfile> profiles = name -> HostProfile.debian12();
    private String baseAddress = "127.0.1.1";
    private int port;
    private Path dir;
    private String user = "muster";
    private CommandMode commandMode = CommandMode.IN_PROCESS;
    private UnknownCommands unknownCommands = UnknownCommands.NOT_FOUND;
    private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private List<String> kex;

    FakeFleetBuilder() {
    }

    /** Adds {@code n} numbered hosts named {@link #namePrefix(String)} + 01..n. */
    public FakeFleetBuilder hosts(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("host count must not be negative: " + n);
        }
        this.count = n;
        return this;
    }

    public FakeFleetBuilder namePrefix(String prefix) {
        this.namePrefix = Objects.requireNonNull(prefix);
        return this;
    }

    /** Adds one host described in full; it comes after the numbered hosts. */
    public FakeFleetBuilder host(HostSpec spec) {
        explicit.add(spec);
        return this;
    }

    /** Labels for every numbered host. */
    public FakeFleetBuilder labels(Map<String, String> labels) {
        this.labels = new LinkedHashMap<>(labels);
        return this;
    }

    /** Environment for every numbered host. */
    public FakeFleetBuilder env(String env) {
        this.env = env;
        return this;
    }

    /** What each numbered host reports to uname, uptime and df, by host name. */
    public FakeFleetBuilder profiles(Function<String, HostProfile> profiles) {
        this.profiles = Objects.requireNonNull(profiles);
        return this;
    }

    /** Faults a host starts with (numbered or explicit), by name. */
    public FakeFleetBuilder faults(String hostName, Fault... hostFaults) {
        faults.put(hostName, List.of(hostFaults));
        return this;
    }

    /** A group written to the inventory; members are host names (folded to ranges when written). */
    public FakeFleetBuilder group(String name, List<String> members) {
        groups.put(name, List.copyOf(members));
        return this;
    }

    /** First host address; later hosts count up from it. Default 127.0.1.1. */
    public FakeFleetBuilder baseAddress(String address) {
        this.baseAddress = Objects.requireNonNull(address);
        return this;
    }

    /** One port for every host (each has its own address); 0, the default, picks a free one per host. */
    public FakeFleetBuilder port(int port) {
        this.port = port;
        return this;
    }

    /** Where keys, known_hosts, the inventory and host directories go; default a new temp directory. */
    public FakeFleetBuilder dir(Path dir) {
        this.dir = dir;
        return this;
    }

    /** The user written to the inventory. Default "muster". */
    public FakeFleetBuilder user(String user) {
        this.user = Objects.requireNonNull(user);
        return this;
    }

    public FakeFleetBuilder commandMode(CommandMode mode) {
        this.commandMode = Objects.requireNonNull(mode);
        return this;
    }

    public FakeFleetBuilder unknownCommands(UnknownCommands policy) {
        this.unknownCommands = Objects.requireNonNull(policy);
        return this;
    }

    /**
     * Restricts the key exchanges hosts offer, e.g. "curve25519-sha256", so every client does the
     * same work in benchmarks; default MINA's list (which with BouncyCastle includes the costlier
     * sntrup761x25519-sha512).
     */
    public FakeFleetBuilder kex(String... algorithms) {
        this.kex = List.of(algorithms);
        return this;
    }

    /** Worker threads shared by all hosts' I/O. */
    public FakeFleetBuilder ioThreads(int n) {
        this.ioThreads = n;
        return this;
    }

    public FakeFleet start() throws IOException {
        return FakeFleet.start(this);
    }

    List<HostSpec> specs() {
        List<HostSpec> all = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = namePrefix + HostNames.pad(i, count);
            all.add(new HostSpec(name, labels, env, profiles.apply(name), List.of()));
        }
        all.addAll(explicit);
        List<HostSpec> withFaults = new ArrayList<>();
        for (HostSpec s : all) {
            List<Fault> f = faults.get(s.name());
            withFaults.add(f == null ? s : s.withFaults(f.toArray(Fault[]::new)));
        }
        long distinct = withFaults.stream().map(HostSpec::name).distinct().count();
        if (distinct != withFaults.size()) {
            throw new IllegalArgumentException("host names must be unique");
        }
        return withFaults;
    }

    Map<String, List<String>> groups() {
        return groups;
    }

    String baseAddress() {
        return baseAddress;
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    String user() {
        return user;
    }

    CommandMode commandMode() {
        return commandMode;
    }

    UnknownCommands unknownCommands() {
        return unknownCommands;
    }

    List<String> kex() {
        return kex;
    }

    int ioThreads() {
        return ioThreads;
    }
}
