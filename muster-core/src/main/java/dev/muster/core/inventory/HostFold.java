package dev.muster.core.inventory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds naturally sorted names into the shortest range notation over each name's last
 * number: {@code web01..web18,web20,db1} becomes {@code db1,web[01-18,20]}. Names that share
 * prefix, suffix and zero padding fold together; an unpadded number as long as a padded
 * group's width joins it (web09 and web10 fold to {@code web[09-10]}).
 */
final class HostFold {
    private HostFold() {
    }

    private record Split(String prefix, String digits, String suffix) {
        int paddedWidth() {
            return digits.length() > 1 && digits.charAt(0) == '0' ? digits.length() : 0;
        }
    }

    private record Key(String prefix, String suffix, int width) {
    }

    static String fold(String[] sortedNames) {
        Split[] splits = new Split[sortedNames.length];
        Set<Key> padded = new HashSet<>();
        for (int i = 0; i < sortedNames.length; i++) {
            splits[i] = split(sortedNames[i]);
            if (splits[i] != null && splits[i].paddedWidth() > 0) {
                padded.add(new Key(splits[i].prefix, splits[i].suffix, splits[i].paddedWidth()));
            }
        }
        // Insertion order = natural order of each group's first name, so output is stable.
        Map<Object, List<Long>> groups = new LinkedHashMap<>();
        for (int i = 0; i < sortedNames.length; i++) {
            Split s = splits[i];
            if (s == null) {
                groups.put(sortedNames[i], null);
                continue;
            }
            int width = s.paddedWidth();
            if (width == 0 && padded.contains(new Key(s.prefix, s.suffix, s.digits.length()))) {
                width = s.digits.length();
            }
            groups.computeIfAbsent(new Key(s.prefix, s.suffix, width), k -> new ArrayList<>())
                    .add(Long.parseLong(s.digits));
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Object, List<Long>> group : groups.entrySet()) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            if (group.getKey() instanceof Key key) {
                appendGroup(out, key, group.getValue());
            } else {
                out.append(group.getKey());
            }
        }
        return out.toString();
    }

    private static void appendGroup(StringBuilder out, Key key, List<Long> numbers) {
        long[] sorted = numbers.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        out.append(key.prefix);
        if (sorted.length == 1) {
            out.append(HostRanges.pad(sorted[0], key.width));
        } else {
            out.append('[');
            appendRuns(out, sorted, key.width);
            out.append(']');
        }
        out.append(key.suffix);
    }

    private static void appendRuns(StringBuilder out, long[] sorted, int width) {
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
                j++;
            }
            if (i > 0) {
                out.append(',');
            }
            out.append(HostRanges.pad(sorted[i], width));
            if (j > i) {
                out.append('-').append(HostRanges.pad(sorted[j], width));
            }
            i = j + 1;
        }
    }

    /** Splits around the last run of digits, or null when there is none (or it is too long). */
    private static Split split(String name) {
        int end = name.length();
        while (end > 0 && !NaturalOrder.isDigit(name.charAt(end - 1))) {
            end--;
        }
        if (end == 0) {
            return null;
        }
        int start = end;
        while (start > 0 && NaturalOrder.isDigit(name.charAt(start - 1))) {
            start--;
        }
        if (end - start > 18) {
            return null;
        }
        return new Split(name.substring(0, start), name.substring(start, end), name.substring(end));
    }
}
