package dev.muster.core.inventory;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of Ansible's host patterns that selectors take where they cannot be mistaken for
 * muster's own syntax: {@code a:b}, {@code a:&b}, {@code a:!b} (colons as separators, in a
 * selector without commas, labels, {@code @} or parentheses, that is not itself an address such
 * as {@code fe80::1}), and subscripts {@code web[0]}, {@code web[-1]}, {@code web[0:2]},
 * {@code web[1:]}.
 */
final class AnsiblePatterns {
    private static final Pattern INDEX = Pattern.compile("(.+)\\[(-?\\d+)]");
    private static final Pattern SLICE = Pattern.compile("(.+)\\[(\\d+):(\\d*)]");

    private AnsiblePatterns() {
    }

    /** Ansible's colon separators as commas, column for column; anything else unchanged. */
    static String colonsAsCommas(String text) {
        if (text.indexOf(':') < 0 || text.indexOf(',') >= 0 || text.indexOf('=') >= 0 || text.indexOf('@') >= 0
                || text.indexOf('(') >= 0 || text.indexOf(')') >= 0 || text.strip().startsWith("~")) {
            return text;
        }
        if (AnsibleAddress.isAddress(text.strip())) {
            return text;
        }
        StringBuilder out = new StringBuilder(text);
        int depth = 0;
        for (int k = 0; k < out.length(); k++) {
            char c = out.charAt(k);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == ':' && depth == 0) {
                out.setCharAt(k, ',');
            }
        }
        return out.toString();
    }

    /** {@code web[0]}, {@code web[-1]}, {@code web[0:2]}, {@code web[1:]} as a subscript node, else null. */
    static SelectorNode subscript(String word, int column) {
        Matcher slice = SLICE.matcher(word);
        if (slice.matches()) {
            int start = Integer.parseInt(slice.group(2));
            Integer end = slice.group(3).isEmpty() ? null : Integer.parseInt(slice.group(3));
            return new SelectorNode.Subscript(slice.group(1), start, end, true, null, column);
        }
        Matcher index = INDEX.matcher(word);
        if (index.matches()) {
            int at = Integer.parseInt(index.group(2));
            // web[3] is also muster's one-name range web3: that reading wins when web3 exists
            List<String> asRange = at < 0 ? null
                    : HostRanges.expand(word, HostRanges.ErrorAt.column(SelectorNode.SOURCE, 1, column));
            return new SelectorNode.Subscript(index.group(1), at, null, false, asRange, column);
        }
        return null;
    }
}
