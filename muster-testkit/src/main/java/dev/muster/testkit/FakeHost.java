package dev.muster.testkit;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One in-process SSH host of a {@link FakeFleet}: its address, its directory, its counters,
 * and the faults it shows, which may be changed while it runs.
 */
public final class FakeHost {

    private final String name;
    private final String user;
    private final Path dir;
    private final HostProfile profile;
    private final KeyPair hostKey;
    private volatile KeyPair wrongKey;
    private volatile List<Fault> faults = List.of();
    private final AtomicInteger handshakesToDrop = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder authenticated = new LongAdder();
    private final LongAdder commands = new LongAdder();
    private final LongAdder open = new LongAdder();
    private HostServer server;

    FakeHost(String name, String user, Path dir, HostProfile profile) {
        this.name = name;
        this.user = user;
        this.dir = dir;
        this.profile = profile;
        this.hostKey = KeyFiles.newEd25519();
    }

    void attach(HostServer server) {
        this.server = server;
    }

    public String name() {
        return name;
    }

    /** The address the host listens on, e.g. 127.0.1.7 (127.0.0.1 where only that answers). */
    public String address() {
        return server.endpoint().getHostString();
    }

    public int port() {
        return server.endpoint().getPort();
    }

    public InetSocketAddress endpoint() {
        return server.endpoint();
    }

    /** The user name written to the inventory; the host accepts any user name with the fleet's key. */
    public String user() {
        return user;
    }

    /** The host's working directory: HOME and cwd for shell commands, "/" for SFTP. */
    public Path dir() {
        return dir;
    }

    public HostProfile profile() {
        return profile;
    }

    /** The key listed for this host in the fleet's known_hosts. */
    public KeyPair hostKey() {
        return hostKey;
    }

    public List<Fault> faults() {
        return faults;
    }

    /** Replaces this host's faults; takes effect for the next connection (and rebinds the port if needed). */
    public synchronized void setFaults(Fault... newFaults) {
        List<Fault> list = List.of(newFaults);
        handshakesToDrop.set(list.stream().filter(Fault.DropFirstHandshakes.class::isInstance)
                .mapToInt(f -> ((Fault.DropFirstHandshakes) f).count()).sum());
        if (list.contains(Fault.WRONG_HOST_KEY) && wrongKey == null) {
            wrongKey = KeyFiles.newEd25519();
        }
        faults = list;
        server.listen(list.contains(Fault.REFUSE) ? HostServer.Listening.NONE
                : list.contains(Fault.HANG_BEFORE_BANNER) ? HostServer.Listening.HANG : HostServer.Listening.SSH);
    }

    public void clearFaults() {
        setFaults();
    }

    public boolean has(Fault fault) {
        return faults.contains(fault);
    }

    public HostCounters counters() {
        return new HostCounters(accepted.sum(), authenticated.sum(), commands.sum(), open.sum());
    }

    public void resetCounters() {
        accepted.reset();
        authenticated.reset();
        commands.reset();
    }

    KeyPair presentedKey() {
        return has(Fault.WRONG_HOST_KEY) ? wrongKey : hostKey;
    }

    /** True if this connection is one of the handshakes to drop (and counts it). */
    boolean takeHandshakeDrop() {
        return handshakesToDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    void countAccepted() {
        accepted.increment();
    }

    void countOpened() {
        open.increment();
    }

    void countClosed() {
        open.decrement();
    }

    void countAuthenticated() {
        authenticated.increment();
    }

    void countCommand() {
        commands.increment();
    }

    void stop() {
        server.stop();
    }

    @Override
    public String toString() {
        return name + "@" + (server == null ? "?" : KeyFiles.hostPattern(endpoint()));
    }
}
