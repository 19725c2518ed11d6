package dev.muster.testkit;

import java.net.InetSocketAddress;

/** One host of an {@link OpenSshFleet}: a real sshd listening on {@code address:port}. */
public record OpenSshHost(String name, String address, int port) {

    public InetSocketAddress endpoint() {
        return new InetSocketAddress(address, port);
    }
}
