package dev.muster.core.exec;

import dev.muster.core.inventory.Host;
import java.time.Duration;

/**
 * How the engine reports. Every callback does nothing by default; the terminal printer,
 * JSON lines, the run store and metrics are listeners. Callbacks may arrive from many
 * threads at once.
 */
public interface RunListener {

    default void runStarted(int hosts) {
    }

    default void hostStarted(Host host, int attempt) {
    }

    /** One complete line of output (without its line terminator). */
    default void outputLine(Host host, OutputSink.Stream stream, String line) {
    }

    /** Attempt {@code failed.attempts()} failed with a retryable kind; the next starts after {@code delay}. */
    default void retrying(Host host, Outcome failed, Duration delay) {
    }

    default void hostFinished(Outcome outcome) {
    }

    default void runFinished(RunResult result) {
    }

    /** A listener that passes every callback on to {@link #next()}; a decorator overrides what it changes. */
    interface Forwarding extends RunListener {
        RunListener next();

        @Override
        default void runStarted(int hosts) {
            next().runStarted(hosts);
        }

        @Override
        default void hostStarted(Host host, int attempt) {
            next().hostStarted(host, attempt);
        }

        @Override
        default void outputLine(Host host, OutputSink.Stream stream, String line) {
            next().outputLine(host, stream, line);
        }

        @Override
        default void retrying(Host host, Outcome failed, Duration delay) {
            next().retrying(host, failed, delay);
        }

        @Override
        default void hostFinished(Outcome outcome) {
            next().hostFinished(outcome);
        }

        @Override
        default void runFinished(RunResult result) {
            next().runFinished(result);
        }
    }

    /** Fans every callback out to several listeners, in order. */
    static RunListener all(java.util.List<? extends RunListener> listeners) {
        return new CompositeListener(java.util.List.copyOf(listeners));
    }
}
