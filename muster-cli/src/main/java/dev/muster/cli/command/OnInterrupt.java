package dev.muster.cli.command;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C while a command runs: calls {@code stop}, then holds the exit until the command has
 * printed what it received ({@link #close()}), at most 10 seconds. In a normal process Ctrl-C
 * arrives through the JVM's shutdown hook; in the persist daemon it arrives from the client that
 * asked for the command ({@link CommandContext.Interrupts}), and the daemon itself keeps running.
 * Made by {@link CommandContext#onInterrupt}.
 */
final class OnInterrupt implements AutoCloseable {
    private final CountDownLatch printed = new CountDownLatch(1);
    private final CommandContext.Interrupts source;
    private final Runnable stop;
    private final Thread hook;

    /** @param source the command's Ctrl-C, or null for this JVM's */
    OnInterrupt(CommandContext.Interrupts source, Runnable stop) {
        this.source = source;
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
