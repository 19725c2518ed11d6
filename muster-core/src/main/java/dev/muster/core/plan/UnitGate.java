package dev.muster.core.plan;

import dev.muster.core.window.Window;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Asked before each unit of a group's work (a batch, a switch) starts: with a maintenance window,
 * a unit starts only while the window is open, before its latest start, and when the longest unit
 * measured so far still fits before it closes (the fit check). A started unit always finishes.
 * When the window is closed the group either waits for the next opening ({@code --wait-window})
 * or pauses at this boundary (resumed later with {@code apply --resume}).
 */
final class UnitGate {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz");

    private final Window window;
    private final Clock clock;
    private final PlanRunner.Sleeper sleeper;
    private final boolean wait;
    private final Consumer<String> state;
    private final List<Duration> measured = new ArrayList<>();
    private Instant unitStarted;
    /** An operator's reason to start units while the window is closed, or null; asked before each unit. */
    private java.util.function.Supplier<String> override = () -> null;
    private java.util.function.BiConsumer<String, String> audit = (unit, why) -> { };

    /** Starts units even when the window does not let them, each time reporting {@code (unit, why closed)} to {@code audit}. */
    void override(String reason, java.util.function.BiConsumer<String, String> audit) {
        override(() -> reason, audit);
    }

    /**
     * Starts units even when the window does not let them while {@code reason} gives one (it is asked
     * again before each unit and after each wait: an override approved meanwhile takes effect).
     */
    void override(java.util.function.Supplier<String> reason, java.util.function.BiConsumer<String, String> audit) {
        this.override = reason;
        this.audit = audit;
    }

    /** @param window null for a group without a window: every unit starts at once */
    UnitGate(Window window, Clock clock, PlanRunner.Sleeper sleeper, boolean wait, Consumer<String> state) {
        this.window = window;
        this.clock = clock;
        this.sleeper = sleeper;
        this.wait = wait;
        this.state = state;
    }

    /** Null when the unit {@code what} ("batch 2/4") may start now (after waiting, with --wait-window); else why not. */
    String admit(String what) throws InterruptedException {
        while (window != null) {
            Instant now = clock.instant();
            Duration expected = measured.stream().max(Duration::compareTo).orElse(null);
            Window.Decision d = window.admit(now, expected);
            if (d.go()) {
                break;
            }
            String reason = override.get();
            if (reason != null) {
                state.accept("window " + window.name() + " overridden for " + what + ": " + d.reason() + "; reason: "
                        + reason);
                audit.accept(what, d.reason());
                break;
            }
            String next = d.next() == null ? "it never opens again" : "next opening " + shown(d.next().start(), window.zone());
            if (d.never()) {
                return d.reason() + "; " + (d.next() == null ? next : "a unit takes longer than the window lasts");
            }
            if (!wait) {
                state.accept("waiting for window " + window.name() + ": " + d.reason() + "; " + next);
                return "waiting for window " + window.name() + " (" + d.reason() + "; " + next + ")";
            }
            state.accept("waiting for window " + window.name() + " until " + shown(d.next().start(), window.zone()));
            sleeper.sleep(Duration.between(now, d.next().start()));
        }
        unitStarted = clock.instant();
        state.accept("running " + what);
        return null;
    }

    /** Where measured durations are kept between attempts of a run (null: nowhere). */
    private java.util.function.Consumer<List<Duration>> keep = d -> { };

    /** Starts from durations measured in an earlier attempt, and hands every new list to {@code keep}. */
    void remember(List<Duration> earlier, java.util.function.Consumer<List<Duration>> keep) {
        measured.addAll(earlier);
        this.keep = keep;
    }

    /**
     * The unit admitted last has finished: its duration (less {@code pause}, the wait between
     * batches that came after it) feeds the fit check of the next.
     */
    void finished(Duration pause) {
        if (unitStarted != null) {
            Duration took = Duration.between(unitStarted, clock.instant()).minus(pause);
            measured.add(took.isNegative() ? Duration.ZERO : took);
            unitStarted = null;
            keep.accept(List.copyOf(measured));
        }
    }

    /** A time in the window's zone, and in this machine's when that differs. */
    static String shown(Instant t, ZoneId zone) {
        String there = t.atZone(zone).format(SHOWN);
        ZoneId local = ZoneId.systemDefault();
        String here = t.atZone(local).format(SHOWN);
        return there.equals(here) || zone.equals(local) ? there : there + " (" + here + " local)";
    }
}
