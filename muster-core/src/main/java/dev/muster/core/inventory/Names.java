package dev.muster.core.inventory;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** Name helpers shared by the selector, the loader and ssh_config: globs and "did you mean". */
public final class Names {
    private Names() {
    }

    static boolean isGlob(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    /** A shell-style glob ({@code *} any run, {@code ?} one character) as an anchored regex. */
    static Pattern glob(String glob, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL);
    }

    /** Up to three known names close to {@code wanted} (edit distance, or one contains the other). */
    static List<String> closeTo(String wanted, Collection<String> known) {
        String w = wanted.toLowerCase();
        return known.stream()
                .filter(k -> {
                    String l = k.toLowerCase();
                    return distance(w, l) <= Math.max(1, w.length() / 3) || (w.length() >= 3 && l.contains(w))
                            || (l.length() >= 3 && w.contains(l));
                })
                .sorted(Comparator.comparingInt((String k) -> distance(w, k.toLowerCase())).thenComparing(k -> k))
                .limit(3)
                .toList();
    }

    /** "; did you mean web, webs?" or "" when nothing is close. */
    public static String suggestion(String wanted, Collection<String> known) {
        List<String> close = closeTo(wanted, known);
        return close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?";
    }

    /** Edit distance counting a swap of two neighbours as one edit (wbe -> web). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
