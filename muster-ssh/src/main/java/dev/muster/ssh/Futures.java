package dev.muster.ssh;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.common.future.SshFuture;

/** Waits on MINA futures from a (virtual) caller thread: interruptibly, with a deadline. */
final class Futures {
    private Futures() {
    }

    /**
     * Returns the completed future, or null when {@code deadlineNanos} (System.nanoTime based;
     * Long.MAX_VALUE for none) passed first.
     */
    static <F extends SshFuture<F>> F await(F future, long deadlineNanos) throws InterruptedException {
        CompletableFuture<F> done = new CompletableFuture<>();
        future.addListener(done::complete);
        try {
            if (deadlineNanos == Long.MAX_VALUE) {
                return done.get();
            }
            return done.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("future listener failed", e.getCause());
        }
    }

    static long deadline(java.time.Duration timeout) {
        if (timeout == null) {
            return Long.MAX_VALUE;
        }
        long nanos = timeout.toNanos();
        long now = System.nanoTime();
        return nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
    }
}
