package dev.muster.server.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The waits of a grouped plan run (a soak, a closed window): they end at once when the run is
 * stopped (cancelled, or the server shuts down), and early when nudged (an override of a window
 * was approved: the group's gate then looks again).
 */
final class Waits {
    private final Object lock = new Object();
    private boolean stopped;
    private long nudges;

    /** The longest a wait goes without looking again (an override approved through another controller). */
    static final Duration LOOK_AGAIN = Duration.ofSeconds(15);

    /** Waits {@code duration}, at most {@link #LOOK_AGAIN}; the caller looks again and waits on when it must. */
    void sleep(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + Math.min(duration.toNanos(), LOOK_AGAIN.toNanos());
        synchronized (lock) {
            long seen = nudges;
            while (!stopped && nudges == seen) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            if (stopped) {
                throw new InterruptedException("the run was stopped");
            }
        }
    }

    /** Waits the whole {@code duration} (a pause between batches), ended only by stopping the run. */
    void pause(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        synchronized (lock) {
            for (long left = duration.toNanos(); !stopped && left > 0; left = end - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            if (stopped) {
                throw new InterruptedException("the run was stopped");
            }
        }
    }

    void stop() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
    }

    void nudge() {
        synchronized (lock) {
            nudges++;
            lock.notifyAll();
        }
    }
}
