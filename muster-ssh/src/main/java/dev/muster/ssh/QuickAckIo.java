package dev.muster.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import jdk.net.ExtendedSocketOptions;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.PropertyResolver;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceFactory;
import org.apache.sshd.common.io.nio2.Nio2CompletionHandler;
import org.apache.sshd.common.io.nio2.Nio2Service;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactory;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.common.io.nio2.Nio2Session;

/**
 * MINA's NIO2 transport with Linux TCP_QUICKACK re-armed before every read. OpenSSH leaves
 * Nagle on for non-interactive sessions, so its small replies to our first exec wait for our
 * delayed ACK (~40 ms, STACK pitfall 4); acknowledging at once removes that wait. The kernel
 * clears the flag on its own, hence re-arming it per read. Where the option is unsupported
 * this is plain NIO2.
 */
final class QuickAckIo extends Nio2ServiceFactoryFactory {

    /** Asked of a plain socket channel: opening an async one would start the JVM's default group. */
    static boolean supported() {
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open()) {
            return ch.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Override
    public IoServiceFactory create(FactoryManager manager) {
        return new Nio2ServiceFactory(manager, newExecutor(), newExecutor()) {
            @Override
            public Nio2Session createSession(Nio2Service service, IoHandler handler, AsynchronousSocketChannel socket,
                                             SocketAddress address) throws Throwable {
                return new QuickAckSession(service, manager, handler, socket, address);
            }
        };
    }

    private static final class QuickAckSession extends Nio2Session {
        QuickAckSession(Nio2Service service, PropertyResolver props, IoHandler handler, AsynchronousSocketChannel socket,
                        SocketAddress address) throws IOException {
            super(service, props, handler, socket, address);
        }

        @Override
        protected void doReadCycle(ByteBuffer buffer, Nio2CompletionHandler<Integer, Object> completion) {
            try {
                getSocket().setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            } catch (IOException | RuntimeException closingOrUnsupported) {
                // the read below reports a closed socket; an unsupported option just costs latency
            }
            super.doReadCycle(buffer, completion);
        }
    }
}
