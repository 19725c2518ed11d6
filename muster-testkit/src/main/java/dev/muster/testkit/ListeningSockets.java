package dev.muster.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells which TCP endpoints have a listening socket. On Linux it reads /proc/net/tcp: probing
 * with connect() would make sshd fork and re-exec a child per probe (~20 ms of CPU each), which
 * for 200 hosts costs seconds. Elsewhere it falls back to connecting.
 */
final class ListeningSockets {

    private static final Path PROC_NET_TCP = Path.of("/proc/net/tcp");
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** The subset of {@code wanted} that accepts connections right now. */
    static Set<InetSocketAddress> listening(List<InetSocketAddress> wanted) {
        if (Files.isReadable(PROC_NET_TCP)) {
            try {
                Set<String> open = fromProc(Files.readAllLines(PROC_NET_TCP));
                Set<InetSocketAddress> found = new HashSet<>();
                for (InetSocketAddress a : wanted) {
                    if (open.contains(key(a))) {
                        found.add(a);
                    }
                }
                return found;
            } catch (IOException e) {
                // fall back to probing
            }
        }
        Set<InetSocketAddress> found = new HashSet<>();
        for (InetSocketAddress a : wanted) {
            try (Socket s = new Socket()) {
                s.connect(a, 200);
                found.add(a);
            } catch (IOException e) {
                // not yet
            }
        }
        return found;
    }

    /** "127.0.2.1:2222" for every LISTEN line; addresses are little-endian hex, ports big-endian. */
    static Set<String> fromProc(List<String> lines) {
        Set<String> open = new HashSet<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 4 || !f[3].equals(LISTEN)) {
                continue;
            }
            String[] local = f[1].split(":");
            long ip = Long.parseLong(local[0], 16);
            String address = (ip & 0xff) + "." + ((ip >> 8) & 0xff) + "." + ((ip >> 16) & 0xff) + "." + ((ip >> 24) & 0xff);
            open.add(address + ":" + Integer.parseInt(local[1], 16));
        }
        return open;
    }

    private static String key(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
