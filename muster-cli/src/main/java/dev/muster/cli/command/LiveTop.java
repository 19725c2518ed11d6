package dev.muster.cli.command;

import dev.muster.cli.output.TopView;
import dev.muster.core.exec.PoolStats;
import dev.muster.probe.metrics.HostMetrics;
import dev.muster.probe.metrics.MetricColumn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The full-screen `muster top` (JLine): the alternate screen in raw mode, redrawn when a refresh
 * arrives, a key is pressed or the window is resized. Refreshes run on their own thread, so keys
 * answer at once while hosts are being sampled. The terminal is restored on every way out: q,
 * Ctrl-C, an exception, or SIGTERM (a shutdown hook).
 */
final class LiveTop {
    private static final long KEY_POLL_MS = 100;
    private final Terminal terminal;
    private final TopSampler sampler;
    private final Supplier<PoolStats> pool;
    private final boolean color;
    /** A terminal in the C locale cannot show the separator dot. */
    private final boolean asciiOnly;
    private final AtomicReference<TopSampler.Refresh> arrived = new AtomicReference<>();
    private final AtomicReference<RuntimeException> failed = new AtomicReference<>();
    private final AtomicBoolean resized = new AtomicBoolean();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicBoolean restored = new AtomicBoolean();
    private final Semaphore intervalChanged = new Semaphore(0);
    private volatile TopSettings settings;
    private volatile boolean stopping;
    private Attributes saved;
    private Display display;
    private TopSampler.Refresh shown;

    private LiveTop(Terminal terminal, TopSampler sampler, Supplier<PoolStats> pool, TopSettings settings,
            boolean noColor) {
        this.terminal = terminal;
        this.sampler = sampler;
        this.pool = pool;
        this.settings = settings;
        this.color = !noColor;
        this.asciiOnly = !terminal.encoding().newEncoder().canEncode('·');
    }

    /**
     * Runs the live view until q, --count or Ctrl-C; null when there is no usable terminal. Colours
     * unless the command's environment sets NO_COLOR ({@code noColor}).
     */
    static Integer run(TopSampler sampler, Supplier<PoolStats> pool, TopSettings settings, boolean noColor)
            throws IOException {
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).dumb(false).build();
        } catch (IOException | IllegalStateException e) {
            return null;
        }
        if (terminal.getType().startsWith(Terminal.TYPE_DUMB) || terminal.getSize().getColumns() <= 0) {
            terminal.close();
            return null;
        }
        return new LiveTop(terminal, sampler, pool, settings, noColor).run();
    }

    private int run() {
        Thread restoreOnExit = new Thread(this::restore, "muster-top-restore");
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
        Thread refresher = null;
        try {
            enter();
            refresher = Thread.ofPlatform().daemon().name("muster-top-refresh").start(this::refreshLoop);
            return loop();
        } finally {
            stopping = true;
            restore();
            if (refresher != null) {
                refresher.interrupt();
                try {
                    refresher.join(TimeUnit.SECONDS.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(restoreOnExit);
            } catch (IllegalStateException shuttingDown) {
                // SIGTERM: the hook restores the terminal
            }
        }
    }

    private void enter() {
        saved = terminal.enterRawMode();
        terminal.handle(Terminal.Signal.WINCH, s -> resized.set(true));
        terminal.handle(Terminal.Signal.INT, s -> interrupted.set(true));
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        terminal.puts(Capability.clear_screen);
        terminal.flush();
        display = new Display(terminal, true);
        Size size = terminal.getSize();
        display.resize(size.getRows(), size.getColumns());
    }

    /** Idempotent: from the finally block, or from the shutdown hook on SIGTERM. */
    private void restore() {
        if (!restored.compareAndSet(false, true) || saved == null) {
            return;
        }
        try {
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.flush();
            terminal.setAttributes(saved);
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // nothing more can be done for a terminal that is gone
        }
    }

    private int loop() {
        NonBlockingReader keys = terminal.reader();
        draw();
        while (true) {
            int key;
            try {
                key = keys.read(KEY_POLL_MS);
            } catch (IOException e) {
                return ExitCodes.OK; // the terminal went away
            }
            if (interrupted.get() || key == 3) {
                return ExitCodes.INTERRUPTED;
            }
            if (key == 'q' || key == 'Q' || key == NonBlockingReader.EOF) {
                return ExitCodes.OK;
            }
            boolean dirty = key >= 0 && onKey(key);
            RuntimeException e = failed.get();
            if (e != null) {
                throw e;
            }
            TopSampler.Refresh r = arrived.getAndSet(null);
            if (r != null) {
                shown = r;
                dirty = true;
            }
            if (resized.getAndSet(false)) {
                terminal.puts(Capability.clear_screen);
                display.clear();
                Size size = terminal.getSize();
                display.resize(size.getRows(), size.getColumns());
                dirty = true;
            }
            if (dirty) {
                draw();
            }
            if (r != null && settings.count() > 0 && r.number() >= settings.count()) {
                return r.metrics().stream().allMatch(HostMetrics::ok) ? ExitCodes.OK : ExitCodes.HOSTS_FAILED;
            }
        }
    }

    /** True when the screen must be redrawn. */
    private boolean onKey(int key) {
        TopSettings before = settings;
        switch (key) {
            case '+' -> settings = before.slower();
            case '-' -> settings = before.faster();
            case 'n', 'h' -> settings = before.withSort(null);
            default -> {
                MetricColumn c = sortKey(key);
                if (c == null) {
                    return false;
                }
                settings = before.withSort(c);
            }
        }
        if (!settings.interval().equals(before.interval())) {
            intervalChanged.release();
        }
        return true;
    }

    static MetricColumn sortKey(int key) {
        return switch (key) {
            case 'c' -> MetricColumn.CPU;
            case 'l' -> MetricColumn.LOAD;
            case 'm' -> MetricColumn.MEM;
            case 's' -> MetricColumn.SWAP;
            case 'd' -> MetricColumn.DISK;
            case 'r' -> MetricColumn.RX;
            case 't' -> MetricColumn.TX;
            case 'w' -> MetricColumn.WRITE;
            case 'i' -> MetricColumn.IOPS;
            case 'u' -> MetricColumn.UPTIME;
            default -> null;
        };
    }

    private void draw() {
        Size size = terminal.getSize();
        List<HostMetrics> metrics = shown == null ? List.of() : shown.metrics();
        List<TopView.Line> lines = TopView.render(metrics, settings.status(shown, pool.get(), true),
                size.getColumns(), size.getRows());
        List<AttributedString> styled = new ArrayList<>(lines.size());
        for (TopView.Line l : lines) {
            String text = asciiOnly ? l.text().replace('·', '|') : l.text();
            styled.add(new AttributedString(text, style(l.kind())));
        }
        display.update(styled, -1);
        terminal.flush();
    }

    private AttributedStyle style(TopView.Kind kind) {
        return switch (kind) {
            case TITLE -> AttributedStyle.BOLD;
            case HEADER, STATUS -> AttributedStyle.INVERSE;
            case WARN, DOWN -> color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA)
                    : AttributedStyle.DEFAULT;
            default -> AttributedStyle.DEFAULT;
        };
    }

    /** One refresh per interval, measured from the start of the previous one; never two at once. */
    private void refreshLoop() {
        try {
            while (!stopping) {
                long started = System.nanoTime();
                arrived.set(sampler.next(settings.interval()));
                while (!stopping) {
                    long wait = started + settings.interval().toNanos() - System.nanoTime();
                    if (wait <= 0 || !intervalChanged.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            // quitting
        } catch (RuntimeException e) {
            failed.set(e);
        }
    }
}
