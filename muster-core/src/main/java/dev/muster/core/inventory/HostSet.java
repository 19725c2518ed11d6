package dev.muster.core.inventory;

import dev.muster.core.InputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * An immutable set of host names with ClusterShell's folding: {@code db1,web[01-20]}.
 * Names are kept in nodeset's order ({@link #NAME_ORDER}: web2 before web10);
 * {@link #toString()} is the folding {@code nodeset -f} prints. Used for inventory groups,
 * selector results and gathered output alike.
 */
public final class HostSet implements Iterable<String> {
    private static final HostSet EMPTY = new HostSet(new String[0]);

    /**
     * The order host names are shown in everywhere, nodeset's: by pattern (digit runs as %s),
     * then run by run with shorter runs first and equal lengths by value, so web2 comes before
     * web10 and web1, web2 before web01.
     */
    public static final java.util.Comparator<String> NAME_ORDER = NameOrder.INSTANCE;

    private final String[] names; // in NAME_ORDER, no duplicates
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
        String[] all = names.toArray(new String[0]);
        for (String name : all) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("host names must be non-empty");
            }
        }
        String[] sorted = NameSort.sort(all);
        return sorted.length == 0 ? EMPTY : new HostSet(sorted);
    }

    public static HostSet of(String... names) {
        return of(Arrays.asList(names));
    }

    /**
     * Expands ClusterShell's notation as {@code nodeset -e} does: {@code web[01-20]},
     * {@code web[1-3,7,10-12]}, steps {@code node[1-9/2]}, {@code r[1-2]n[01-02]} (cartesian
     * product) and comma-separated lists of those; zero padding is kept, overlaps are one name.
     *
     * Blank text is the empty set (the fold of an empty set is "").
     *
     * @throws InputException naming the column of the first problem (source "host set")
     */
    public static HostSet parse(String text) {
        if (text.isBlank()) {
            return EMPTY;
        }
        refuseNodesetOperators(text);
        boolean[] inOrder = new boolean[1];
        List<String> names = HostRanges.expandInOrder(text, HostRanges.ErrorAt.column("host set", 1, 1), inOrder);
        return inOrder[0] ? new HostSet(names.toArray(new String[0])) : of(names);
    }

    /**
     * nodeset reads {@code a!b}, {@code a&b}, {@code a^b} and {@code @group} as set operations; no
     * host name holds those characters, so rather than read them as part of a name, say what to
     * write instead (a selector has its own {@code !}, {@code &} and {@code @group}).
     */
    private static void refuseNodesetOperators(String text) {
        for (int k = 0; k < text.length(); k++) {
            String what = switch (text.charAt(k)) {
                case '!' -> "'!' is nodeset's difference operator, not host set syntax; a selector takes it: 'a,!b'";
                case '&' -> "'&' is nodeset's intersection operator, not host set syntax; a selector takes it: 'a&b'";
                case '^' -> "'^' is nodeset's symmetric difference operator, not host set syntax";
                case '@' -> "'@' names a nodeset group, not host set syntax; a selector takes it: '@web'";
                default -> null;
            };
            if (what != null) {
                throw new InputException("host set", 1, k + 1, what);
            }
        }
    }

    /**
     * For the commonest host set, one bracket of ascending numbers ({@code node[000001-100000]}):
     * its names, each after {@code separator} but the first, then a line feed, written straight to
     * {@code out} as {@code nodeset -e} prints them, without building the set. False, writing
     * nothing, for any other text (parse it).
     */
    public static boolean writeSimple(String text, byte[] separator, java.io.OutputStream out) throws java.io.IOException {
        SimpleRange range = SimpleRange.of(text);
        if (range == null) {
            return false;
        }
        range.write(separator, out);
        return true;
    }

    /** The number of names of the commonest host set (see {@link #writeSimple}), or -1 for any other text. */
    public static long countSimple(String text) {
        SimpleRange range = SimpleRange.of(text);
        return range == null ? -1 : range.count();
    }

    public int size() {
        return names.length;
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    /** The names in {@link #NAME_ORDER}. */
    public List<String> names() {
        return view;
    }

    public boolean contains(String name) {
        return name != null && Arrays.binarySearch(names, name, NameOrder.INSTANCE) >= 0;
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
            int cmp = i == a.length ? 1 : j == b.length ? -1 : NameOrder.INSTANCE.compare(a[i], b[j]);
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

    /** The folding, e.g. {@code db1,web[01-18,20]}, as nodeset writes it; "" for the empty set. */
    public String fold() {
        String f = folded;
        if (f == null) {
            f = HostFold.fold(names);
            folded = f;
        }
        return f;
    }

    /**
     * The folding cut to about {@code maxChars} for a line a person reads: when the whole folding
     * is longer, the folding of as many of the first names as fit, then how many more there are
     * ({@code web[0001,0004,0009-0012] +812 more}). The first name is always shown.
     */
    public String foldWithin(int maxChars) {
        String all = fold();
        if (all.length() <= maxChars || names.length <= 1) {
            return all;
        }
        int lo = 1;
        int hi = names.length - 1;
        while (lo < hi) {  // the most leading names whose folding fits: folds grow with names, so halve
            int mid = (lo + hi + 1) >>> 1;
            if (HostFold.fold(Arrays.copyOf(names, mid)).length() <= maxChars) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return HostFold.fold(Arrays.copyOf(names, lo)) + " +" + (names.length - lo) + " more";
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
