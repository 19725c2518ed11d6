package dev.muster.testkit;

import java.util.ArrayList;
import java.util.List;

/** Keeps every core busy (one spinning platform thread per processor) until closed. */
final class BusyCpus implements AutoCloseable {
    private final List<Thread> spinners = new ArrayList<>();
    private volatile boolean stop;

    private BusyCpus() {
    }

    static BusyCpus start() {
        BusyCpus busy = new BusyCpus();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            busy.spinners.add(Thread.ofPlatform().daemon().name("busy-cpu-" + i).start(busy::spin));
        }
        return busy;
    }

    private void spin() {
        long x = 0;
        while (!stop) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            System.out.print(""); // keeps the loop from being optimised away
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : spinners) {
            t.join();
        }
    }
}
