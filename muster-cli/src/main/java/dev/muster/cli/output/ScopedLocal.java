package dev.muster.cli.output;

import java.util.concurrent.Callable;

/**
 * A per-command setting the persist daemon gives one command and every thread that command
 * starts (its terminal, where its Ctrl-C comes from, its shared SSH client); unset in a normal
 * process, where each command has the whole JVM.
 */
public final class ScopedLocal<V> {
    private final InheritableThreadLocal<V> value = new InheritableThreadLocal<>();

    /** The value set around the calling thread (or a thread that started it); null if none. */
    public V get() {
        return value.get();
    }

    /** Runs {@code body} with this set to {@code v}, then restores what it was. */
    public <T> T with(V v, Callable<T> body) throws Exception {
        V before = value.get();
        value.set(v);
        try {
            return body.call();
        } finally {
            value.set(before);
        }
    }
}
