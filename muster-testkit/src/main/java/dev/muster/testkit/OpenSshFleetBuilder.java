package dev.muster.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Configures an {@link OpenSshFleet}. */
public final class OpenSshFleetBuilder {

    private int hosts = 1;
    private String namePrefix = "host";
    private String baseAddress = "127.0.2.1";
    private String kex;
    private String maxStartups = "1000:30:2000";
    private int maxSessions = 64;
    private boolean perHostDirs = true;
    private int hostsPerSshd = SshdConfig.MAX_LISTEN_ADDRESSES;
    private Path dir;
    private Path sshd = SshdEnvironment.DEFAULT_SSHD;
    private Duration startTimeout = Duration.ofSeconds(60);
    private final Map<String, List<String>> groups = new LinkedHashMap<>();
    private List<String> sshdOptions = List.of();

    OpenSshFleetBuilder() {
    }

    public OpenSshFleetBuilder hosts(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a fleet needs at least one host: " + n);
        }
        this.hosts = n;
        return this;
    }

    /** Hosts are named prefix + 01, 02, ...; default "host". */
    public OpenSshFleetBuilder namePrefix(String prefix) {
        this.namePrefix = Objects.requireNonNull(prefix);
        return this;
    }

    /** First host address; later hosts count up from it. Default 127.0.2.1. */
    public OpenSshFleetBuilder baseAddress(String address) {
        this.baseAddress = Objects.requireNonNull(address);
        return this;
    }

    /** Forces one key exchange on the server side (e.g. "curve25519-sha256"); default sshd's list. */
    public OpenSshFleetBuilder kex(String algorithms) {
        this.kex = algorithms;
        return this;
    }

    /**
     * sshd's MaxStartups. Default "1000:30:2000", raised so a wide fan-out is not dropped; pass
     * "10:30:100" (sshd's own default) to test handshake limiting, or null to leave it unset.
     */
    public OpenSshFleetBuilder maxStartups(String value) {
        this.maxStartups = value;
        return this;
    }

    /** sshd's MaxSessions (channels per connection); default 64, sshd's own default is 10. */
    public OpenSshFleetBuilder maxSessions(int n) {
        this.maxSessions = n;
        return this;
    }

    /**
     * True (default): one sshd per host with private directories (see {@link Isolation#PER_HOST}),
     * when root and unshare allow; otherwise the fleet falls back to {@link Isolation#SHARED}.
     * False: always shared.
     */
    public OpenSshFleetBuilder perHostDirs(boolean perHost) {
        this.perHostDirs = perHost;
        return this;
    }

    /** Hosts served by one sshd in shared mode, 1..16; default 16. */
    public OpenSshFleetBuilder hostsPerSshd(int n) {
        if (n < 1 || n > SshdConfig.MAX_LISTEN_ADDRESSES) {
            throw new IllegalArgumentException("hosts per sshd must be 1..16: " + n);
        }
        this.hostsPerSshd = n;
        return this;
    }

    /** Where keys, configs, logs and host directories go; default a new temp directory. */
    public OpenSshFleetBuilder dir(Path dir) {
        this.dir = dir;
        return this;
    }

    /** Absolute path of sshd; default /usr/sbin/sshd. */
    public OpenSshFleetBuilder sshd(Path path) {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("sshd must be given by absolute path (it re-execs itself): " + path);
        }
        this.sshd = path;
        return this;
    }

    public OpenSshFleetBuilder startTimeout(Duration timeout) {
        this.startTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    /**
     * sshd_config lines of the test's own (e.g. "PubkeyAuthentication no"), written before the
     * fleet's defaults so they win over them (sshd takes the first value of most keywords).
     */
    public OpenSshFleetBuilder sshdOptions(String... lines) {
        this.sshdOptions = List.of(lines);
        return this;
    }

    /** A group written to the inventory. */
    public OpenSshFleetBuilder group(String name, List<String> members) {
        groups.put(name, List.copyOf(members));
        return this;
    }

    public OpenSshFleet start() throws IOException {
        return OpenSshFleet.start(this);
    }

    int hosts() {
        return hosts;
    }

    List<String> sshdOptions() {
        return sshdOptions;
    }

    String namePrefix() {
        return namePrefix;
    }

    String baseAddress() {
        return baseAddress;
    }

    String kex() {
        return kex;
    }

    String maxStartups() {
        return maxStartups;
    }

    int maxSessions() {
        return maxSessions;
    }

    boolean perHostDirs() {
        return perHostDirs;
    }

    int hostsPerSshd() {
        return hostsPerSshd;
    }

    Path dir() {
        return dir;
    }

    Path sshd() {
        return sshd;
    }

    Duration startTimeout() {
        return startTimeout;
    }

    Map<String, List<String>> groups() {
        return groups;
    }
}
