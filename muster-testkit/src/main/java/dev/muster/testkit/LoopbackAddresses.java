package dev.muster.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Hands out one loopback address per host: 127.0.1.1, 127.0.1.2, ... (skipping .0 and .255).
 * All of 127/8 answers on Linux; where only 127.0.0.1 does (macOS), every host gets 127.0.0.1
 * and hosts are told apart by port.
 */
final class LoopbackAddresses {

    private final boolean distinct;
    private int current;

    LoopbackAddresses(String baseAddress) {
        this(baseAddress, LoopbackAddresses::canBind);
    }

    /** @param canBind whether this machine can listen on an address (a seam for the macOS case) */
    LoopbackAddresses(String baseAddress, java.util.function.Predicate<String> canBind) {
        int base = toInt(baseAddress);
        if ((base >>> 24) != 127) {
            throw new IllegalArgumentException("not a loopback address: " + baseAddress);
        }
        this.current = skipEdges(base);
        this.distinct = canBind.test(toText(current)) && canBind.test(toText(skipEdges(current + 1)));
    }

    /** False when hosts share 127.0.0.1 and need distinct ports. */
    boolean distinct() {
        return distinct;
    }

    String next() {
        if (!distinct) {
            return "127.0.0.1";
        }
        String address = toText(current);
        current = skipEdges(current + 1);
        return address;
    }

    private static int skipEdges(int a) {
        while ((a & 0xff) == 0 || (a & 0xff) == 255) {
            a++;
        }
        return a;
    }

    static boolean canBind(String address) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int toInt(String address) {
        try {
            byte[] b = InetAddress.getByName(address).getAddress();
            if (b.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }

    static String toText(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
}
