package dev.muster.core.inventory;

import dev.muster.core.InputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * An immutable set of host names with ClusterShell-style folding: {@code web[01-20],db1}.
 * Names are kept in natural order (web2 before web10); {@link #toString()} is the shortest
 * folding. Used for inventory groups, selector results and gathered output alike.
 */
public final class HostSet implements Iterable<String> {
    private static final HostSet EMPTY = new HostSet(new String[0]);

    /** The order host names are shown in everywhere: numbers by value, so web2 comes before web10. */
    public static final java.util.Comparator<String> NAME_ORDER = NaturalOrder.INSTANCE;

    private final String[] names; // naturally sorted, no duplicates
    private final List<String> view;
    private String folded;

    private HostSet(String[] names) {
        this.names = names;
        this.view = Collections.unmodifiableList(Arrays.asList(names));
    }

    public static HostSet empty() {
        return EMPTY;
    }

    public static HostSet of(Collection<String> names) {
        String[] sorted = names.toArray(new String[0]);
        for (String name : sorted) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("host names must be non-empty");
            }
        }
        Arrays.sort(sorted, NaturalOrder.INSTANCE);
        int unique = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (unique == 0 || !sorted[unique - 1].equals(sorted[i])) {
                sorted[unique++] = sorted[i];
            }
        }
        return unique == 0 ? EMPTY : new HostSet(Arrays.copyOf(sorted, unique));
    }

    public static HostSet of(String... names) {
        return of(Arrays.asList(names));
    }

    /**
     * Expands {@code web[01-20]}, {@code web[1-3,7,10-12]}, {@code r[1-2]n[01-02]} (cartesian
     * product) and comma-separated lists of those; zero padding is kept.
     *
     * Blank text is the empty set (the fold of an empty set is "").
     *
     * @throws InputException naming the column of the first problem (source "host set")
     */
    public static HostSet parse(String text) {
        if (text.isBlank()) {
            return EMPTY;
        }
        return of(HostRanges.expand(text, HostRanges.ErrorAt.column("host set", 1, 1)));
    }

    public int size() {
        return names.length;
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    /** The names in natural order. */
    public List<String> names() {
        return view;
    }

    public boolean contains(String name) {
        return name != null && Arrays.binarySearch(names, name, NaturalOrder.INSTANCE) >= 0;
    }

    public HostSet union(HostSet other) {
        return merge(other, true, true, true);
    }

    public HostSet intersect(HostSet other) {
        return merge(other, false, true, false);
    }

    public HostSet minus(HostSet other) {
        return merge(other, true, false, false);
    }

    /** One linear merge of the two sorted arrays keeps set operations O(n). */
    private HostSet merge(HostSet other, boolean keepOnlyMine, boolean keepBoth, boolean keepOnlyTheirs) {
        String[] a = names;
        String[] b = other.names;
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            int cmp = i == a.length ? 1 : j == b.length ? -1 : NaturalOrder.INSTANCE.compare(a[i], b[j]);
            if (cmp < 0) {
                if (keepOnlyMine) {
                    out.add(a[i]);
                }
                i++;
            } else if (cmp > 0) {
                if (keepOnlyTheirs) {
                    out.add(b[j]);
                }
                j++;
            } else {
                if (keepBoth) {
                    out.add(a[i]);
                }
                i++;
                j++;
            }
        }
        return out.isEmpty() ? EMPTY : new HostSet(out.toArray(new String[0]));
    }

    /** The shortest folding, e.g. {@code db1,web[01-18,20]}; "" for the empty set. */
    public String fold() {
        String f = folded;
        if (f == null) {
            f = HostFold.fold(names);
            folded = f;
        }
        return f;
    }

    @Override
    public Iterator<String> iterator() {
        return names().iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostSet other && Arrays.equals(names, other.names);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(names);
    }

    @Override
    public String toString() {
        return fold();
    }
}
