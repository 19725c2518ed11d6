package dev.muster.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Accepts TCP connections on an address and never says a word: a host that hangs before the SSH banner. */
final class HangingListener implements AutoCloseable {

    private final ServerSocketChannel server;
    private final List<SocketChannel> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    HangingListener(InetSocketAddress address, Runnable onAccept) throws IOException {
        server = ServerSocketChannel.open();
        server.bind(address);
        acceptor = Thread.ofVirtual().name("hang-" + address).start(() -> acceptForever(onAccept));
    }

    private void acceptForever(Runnable onAccept) {
        try {
            while (server.isOpen()) {
                held.add(server.accept());
                onAccept.run();
            }
        } catch (IOException closed) {
            // close() ends the loop
        }
    }

    /** Returns once the port is free again: the JDK releases a socket only when its blocked accept() returns. */
    @Override
    public void close() {
        try {
            server.close();
            acceptor.join();
        } catch (IOException ignored) {
            // already closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel c : held) {
            try {
                c.close();
            } catch (IOException ignored) {
                // the client gave up first
            }
        }
        held.clear();
    }
}
