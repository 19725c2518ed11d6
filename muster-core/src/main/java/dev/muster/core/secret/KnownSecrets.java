package dev.muster.core.secret;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The secret values resolved so far (decrypted, read, printed by a command): a redactor built
 * before they were resolved masks them too. Only grows; kept in memory only.
 */
public final class KnownSecrets {
    private final CopyOnWriteArrayList<String> values = new CopyOnWriteArrayList<>();
    private final AtomicLong version = new AtomicLong();

    public void add(String value) {
        if (value != null && values.addIfAbsent(value)) {
            version.incrementAndGet();
        }
    }

    public List<String> values() {
        return List.copyOf(values);
    }

    /** Changes whenever a value is added, so a redactor can cache its sorted list. */
    public long version() {
        return version.get();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
