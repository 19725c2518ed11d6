package dev.muster.core.inventory;

import dev.muster.core.InputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every problem found while reading a YAML file the user wrote (a plan, its windows): reading goes
 * on after one, so all are reported at once.
 */
public final class Problems {
    private final List<InputException> found = new ArrayList<>();
    private final List<String> files = new ArrayList<>();

    /** Problems are reported file by file in the order the files were read (the top plan first). */
    public void reading(String source) {
        if (!files.contains(source)) {
            files.add(source);
        }
    }

    public void add(Where where, String message) {
        found.add(where.error(message));
    }

    public void add(InputException problem) {
        found.addAll(problem.problems());
    }

    /** The value read, or null after recording why it could not be read. */
    public <T> T read(Supplier<T> reader) {
        try {
            return reader.get();
        } catch (InputException e) {
            add(e);
            return null;
        }
    }

    /**
     * The mapping {@code node} is, its keys outside {@code allowed} recorded as problems; null after
     * recording why when it is not a mapping.
     */
    public YamlNode.Mapping mapping(YamlNode node, String what, Collection<String> allowed) {
        YamlNode.Mapping m = read(() -> YamlValues.mapping(node, what));
        if (m != null) {
            unknownKeys(m, what, allowed);
        }
        return m;
    }

    /** Records keys of {@code mapping} outside {@code allowed}, suggesting close names. */
    public void unknownKeys(YamlNode.Mapping mapping, String what, Collection<String> allowed) {
        for (YamlNode.Entry entry : mapping.entries().values()) {
            if (!allowed.contains(entry.key())) {
                add(entry.keyWhere(), unknownKey(entry.key(), what, allowed));
            }
        }
    }

    public static String unknownKey(String key, String what, Collection<String> allowed) {
        String close = Names.suggestion(key, allowed);
        return "unknown key '" + key + "' in " + what
                + (close.isEmpty() ? "; allowed: " + String.join(", ", allowed) : close);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public int size() {
        return found.size();
    }

    /** The problems found so far, in the order found. */
    public List<InputException> list() {
        return List.copyOf(found);
    }

    /** Throws every problem, ordered by file (in the order files were read), line and column. */
    public void throwIfAny() {
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
