package dev.muster.cli.output;

import dev.muster.cli.output.Terminal.Style;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.PoolStats;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.inventory.Host;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The human face of a run: a live progress line on a terminal, or every line prefixed by its
 * host with --lines; then gathered output and the recap.
 */
public final class TerminalReporter implements RunListener {
    /** GATHER folds identical output; DIFF shows each group as a diff against the largest (run --diff). */
    public enum Mode { GATHER, DIFF, LINES, QUIET }

    private final Terminal term;
    private final Mode mode;
    private final Supplier<PoolStats> pool;
    private final String runId;
    private final int nameWidth;
    private final boolean verbose;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger unreachable = new AtomicInteger();
    private volatile int total;
    private volatile long startNanos;
    private Thread ticker;

    public TerminalReporter(Terminal term, Mode mode, Supplier<PoolStats> pool, String runId, int nameWidth,
                            boolean verbose) {
        this.term = term;
        this.verbose = verbose;
        this.mode = mode;
        this.pool = pool;
        this.runId = runId;
        this.nameWidth = nameWidth;
    }

    @Override
    public void runStarted(int hosts) {
        total = hosts;
        startNanos = System.nanoTime();
        if (term.tty() && mode != Mode.LINES) {
            ticker = Thread.ofVirtual().name("muster-progress").start(this::tick);
        }
    }

    @Override
    public void outputLine(Host host, OutputSink.Stream stream, String line) {
        if (mode != Mode.LINES) {
            return;
        }
        String name = term.paint(Style.CYAN, String.format("%-" + nameWidth + "s", host.name()));
        String text = stream == OutputSink.Stream.STDERR ? term.paint(Style.YELLOW, line) : line;
        PrintWriter out = term.out();
        synchronized (out) {
            out.println(name + " | " + text);
        }
    }

    @Override
    public void hostFinished(Outcome outcome) {
        done.incrementAndGet();
        switch (outcome.status()) {
            case OK, CHANGED -> ok.incrementAndGet();
            case UNREACHABLE -> unreachable.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
            case SKIPPED -> { }
        }
        if (mode == Mode.LINES && !outcome.success()) {
            PrintWriter out = term.out();
            String name = term.paint(Style.CYAN, String.format("%-" + nameWidth + "s", outcome.host()));
            synchronized (out) {
                out.println(name + " | " + term.paint(Style.RED, "[" + outcome.status().key()
                        + (outcome.message().isEmpty() ? "" : ": " + outcome.message()) + "]"));
            }
        }
    }

    @Override
    public void runFinished(RunResult result) {
        stopTicker();
        GatheredPrinter printer = new GatheredPrinter(term);
        if (mode == Mode.GATHER) {
            printer.printGroups(result.outcomes());
        } else if (mode == Mode.DIFF) {
            printer.printDiff(result.outcomes());
        }
        if (verbose) {
            printer.printTimings(result.outcomes());
        }
        printer.printRecap(result.outcomes(), result.duration(), runId);
    }

    private void tick() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(150);
                PrintWriter err = term.err();
                synchronized (err) {
                    err.print("\r\u001b[K" + progress());
                    err.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopTicker() {
        Thread t = ticker;
        if (t != null) {
            t.interrupt();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            PrintWriter err = term.err();
            synchronized (err) {
                err.print("\r\u001b[K");
                err.flush();
            }
        }
    }

    String progress() {
        double secs = (System.nanoTime() - startNanos) / 1e9;
        PoolStats p = pool.get();
        return String.format(java.util.Locale.ROOT,
                "[%d/%d] %s ok · %s failed · %s unreachable · %.1fs · pool %d active %d idle %d waiting",
                done.get(), total, ok.get(), failed.get(), unreachable.get(), secs, p.active(), p.idle(), p.waiting());
    }

}
