package dev.muster.core.plan;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Names;
import dev.muster.core.inventory.Where;
import dev.muster.core.inventory.YamlNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** Every problem found while reading a plan: reading goes on after one, so all are reported at once. */
final class Problems {
    private final List<InputException> found = new ArrayList<>();
    private final List<String> files = new ArrayList<>();

    /** Problems are reported file by file in the order the files were read (the top plan first). */
    void reading(String source) {
        if (!files.contains(source)) {
            files.add(source);
        }
    }

    void add(Where where, String message) {
        found.add(where.error(message));
    }

    void add(InputException problem) {
        found.addAll(problem.problems());
    }

    /** The value read, or null after recording why it could not be read. */
    <T> T read(Supplier<T> reader) {
        try {
            return reader.get();
        } catch (InputException e) {
            add(e);
            return null;
        }
    }

    /** Records keys of {@code mapping} outside {@code allowed}, suggesting close names. */
    void unknownKeys(YamlNode.Mapping mapping, String what, Collection<String> allowed) {
        for (YamlNode.Entry entry : mapping.entries().values()) {
            if (!allowed.contains(entry.key())) {
                add(entry.keyWhere(), unknownKey(entry.key(), what, allowed));
            }
        }
    }

    static String unknownKey(String key, String what, Collection<String> allowed) {
        String close = Names.suggestion(key, allowed);
        return "unknown key '" + key + "' in " + what
                + (close.isEmpty() ? "; allowed: " + String.join(", ", allowed) : close);
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    int size() {
        return found.size();
    }

    /** Throws every problem, ordered by file (in the order files were read), line and column. */
    void throwIfAny() {
        if (found.isEmpty()) {
            return;
        }
        found.forEach(p -> reading(p.source().orElse("")));
        List<InputException> sorted = found.stream()
                .sorted(java.util.Comparator.comparingInt((InputException p) -> files.indexOf(p.source().orElse("")))
                        .thenComparingInt(InputException::line).thenComparingInt(InputException::column))
                .toList();
        throw sorted.size() == 1 ? sorted.getFirst() : new InputException(sorted);
    }
}
