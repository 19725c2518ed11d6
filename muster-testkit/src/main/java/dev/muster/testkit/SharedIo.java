package dev.muster.testkit;

import java.util.concurrent.ScheduledExecutorService;

import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceEventListener;
import org.apache.sshd.common.io.IoServiceFactory;
import org.apache.sshd.common.io.IoServiceFactoryFactory;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactory;
import org.apache.sshd.common.util.closeable.AbstractCloseable;
import org.apache.sshd.common.util.threads.CloseableExecutorService;
import org.apache.sshd.common.util.threads.ThreadUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;

/**
 * One NIO2 channel group, worker pool and timer shared by every fake host's SshServer.
 * By default each MINA server creates its own group (a poller thread, an epoll instance and a
 * worker pool) and its own timer thread; for 2,000 hosts that would be thousands of threads.
 * Every acceptor here is created by one Nio2ServiceFactory, and each server's own handle to it
 * does nothing on close, so stopping one host leaves the others running.
 */
final class SharedIo implements IoServiceFactoryFactory, AutoCloseable {

    private final SshServer template = new SshServer();
    private final Nio2ServiceFactory factory;
    private final ScheduledExecutorService timer;

    SharedIo(int workers) {
        configure(template);
        CloseableExecutorService pool = ThreadUtils.newFixedThreadPool("fake-fleet-io", workers);
        factory = new Nio2ServiceFactory(template, pool, null);
        timer = ThreadUtils.newSingleThreadScheduledExecutor("fake-fleet-timer");
    }

    /** Socket options every fake server and its sessions use (TCP_NODELAY: STACK.md pitfall 3). */
    static void configure(SshServer server) {
        CoreModuleProperties.TCP_NODELAY.set(server, true);
    }

    /** Makes {@code server} use the shared group and timer. */
    void attach(SshServer server) {
        configure(server);
        server.setIoServiceFactoryFactory(this);
        server.setScheduledExecutorService(timer, false);
    }

    @Override
    public IoServiceFactory create(FactoryManager manager) {
        return new Handle();
    }

    @Override
    public void setExecutorServiceFactory(
            org.apache.sshd.common.Factory<CloseableExecutorService> ignored) {
        // the pool is fixed at construction
    }

    @Override
    public void close() {
        factory.close(true);
        timer.shutdownNow();
    }

    /** A server's view of the shared factory: creates acceptors there, owns nothing itself. */
    private final class Handle extends AbstractCloseable implements IoServiceFactory {
        private IoServiceEventListener listener;

        @Override
        public IoConnector createConnector(IoHandler handler) {
            return factory.createConnector(handler);
        }

        @Override
        public IoAcceptor createAcceptor(IoHandler handler) {
            return factory.createAcceptor(handler);
        }

        @Override
        public IoServiceEventListener getIoServiceEventListener() {
            return listener;
        }

        @Override
        public void setIoServiceEventListener(IoServiceEventListener listener) {
            this.listener = listener;
        }
    }
}
