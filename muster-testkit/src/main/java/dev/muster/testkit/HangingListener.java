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

    HangingListener(InetSocketAddress address, Runnable onAccept) throws IOException {
        server = ServerSocketChannel.open();
        server.bind(address);
        Thread.ofVirtual().name("hang-" + address).start(() -> acceptForever(onAccept));
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

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
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
