package dev.muster.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Folds host names into the inventory's range form: web01, web02, web03 become web[01-03]. */
final class HostRanges {

    private static final Pattern NUMBERED = Pattern.compile("(.*?)(\\d+)");

    private HostRanges() {
    }

    /** Folds runs of consecutive names (same prefix, same digit width) in the given order. */
    static List<String> fold(List<String> names) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < names.size()) {
            Matcher first = NUMBERED.matcher(names.get(i));
            if (!first.matches()) {
                out.add(names.get(i++));
                continue;
            }
            String prefix = first.group(1);
            String digits = first.group(2);
            long start = Long.parseLong(digits);
            int j = i + 1;
            while (j < names.size() && continues(names.get(j), prefix, digits.length(), start + (j - i))) {
                j++;
            }
            if (j - i == 1) {
                out.add(names.get(i));
            } else {
                String last = NUMBERED.matcher(names.get(j - 1)).replaceFirst("$2");
                out.add(prefix + "[" + digits + "-" + last + "]");
            }
            i = j;
        }
        return out;
    }

    private static boolean continues(String name, String prefix, int width, long expected) {
        Matcher m = NUMBERED.matcher(name);
        return m.matches() && m.group(1).equals(prefix) && m.group(2).length() == width
                && Long.parseLong(m.group(2)) == expected;
    }

    /** Zero-padded number: pad(3, 20) is "03". */
    static String pad(int number, int count) {
        int width = Math.max(2, String.valueOf(count).length());
        return String.format("%0" + width + "d", number);
    }
}
