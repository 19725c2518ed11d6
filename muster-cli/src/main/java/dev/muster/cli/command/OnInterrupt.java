package dev.muster.cli.command;

import dev.muster.cli.output.ScopedLocal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C while a command runs: calls {@code stop}, then holds the exit until the command has
 * printed what it received ({@link #close()}), at most 10 seconds. In a normal process Ctrl-C
 * arrives through the JVM's shutdown hook; in the persist daemon it arrives from the client that
 * asked for the command ({@link Source}), and the daemon itself keeps running.
 */
public final class OnInterrupt implements AutoCloseable {
    /** Where Ctrl-C comes from for the commands this thread (and the threads it starts) runs. */
    public interface Source {
        void add(Runnable stop);

        void remove(Runnable stop);
    }

    private static final ScopedLocal<Source> SOURCE = new ScopedLocal<>();

    private final CountDownLatch printed = new CountDownLatch(1);
    private final Source source;
    private final Runnable stop;
    private final Thread hook;

    OnInterrupt(Runnable stop) {
        this.source = SOURCE.get();
        this.stop = stop;
        if (source != null) {
            hook = null;
            source.add(stop);
            return;
        }
        hook = new Thread(() -> {
            stop.run();
            try {
                printed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "muster-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Runs {@code body} with Ctrl-C coming from {@code source} instead of the JVM's signal. */
    public static <T> T from(Source source, java.util.concurrent.Callable<T> body) throws Exception {
        return SOURCE.with(source, body);
    }

    @Override
    public void close() {
        if (source != null) {
            source.remove(stop);
            return;
        }
        printed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and waited for the output above
        }
    }
}
