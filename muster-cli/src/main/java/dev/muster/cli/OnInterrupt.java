package dev.muster.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C while a command runs: calls {@code stop} from the JVM's shutdown hook, then holds the
 * exit until the command has printed what it received ({@link #close()}), at most 10 seconds.
 */
final class OnInterrupt implements AutoCloseable {
    private final CountDownLatch printed = new CountDownLatch(1);
    private final Thread hook;

    OnInterrupt(Runnable stop) {
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

    @Override
    public void close() {
        printed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and waited for the output above
        }
    }
}
