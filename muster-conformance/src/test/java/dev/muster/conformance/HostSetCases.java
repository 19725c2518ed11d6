package dev.muster.conformance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generated host sets: expressions in ClusterShell's notation (0-3 numbered parts per name,
 * literal or bracketed, with padding, steps, lists and overlapping ranges, dotted suffixes), and
 * plain lists of names to fold.
 */
final class HostSetCases {
    private static final String[] PREFIXES = {"web", "db", "node", "rack", "r", "n", "cn", "gpu-", "app-", "s", "x1", ""};
    private static final String[] BETWEEN = {"node", "n", "-", "c", ".dc", "-p", "u", ".", "-gpu"};
    private static final String[] SUFFIXES = {"", "", "", "", ".example.com", "-ilo", ".dc1.example.com", "b", "-mgmt", ".fr"};

    private final Random random;

    HostSetCases(long seed) {
        this.random = new Random(seed);
    }

    /** {@code web[01-10/3].dc1,db[1-3,2-5]}: 1-4 items. */
    String expression() {
        int items = 1 + random.nextInt(4);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            out.add(item());
        }
        return String.join(",", out);
    }

    /** 1-60 names of 1-3 patterns, as a comma-separated list. */
    String names() {
        int patterns = 1 + random.nextInt(3);
        List<String[]> shapes = new ArrayList<>();
        for (int p = 0; p < patterns; p++) {
            int runs = random.nextInt(4);
            String[] pieces = new String[runs + 1];
            pieces[0] = pick(PREFIXES);
            for (int r = 1; r < runs; r++) {
                pieces[r] = pick(BETWEEN);
            }
            pieces[runs] = pick(SUFFIXES);
            if (runs == 0 && pieces[0].isEmpty() && pieces[runs].isEmpty()) {
                pieces[0] = "host";
            }
            shapes.add(pieces);
        }
        Set<String> names = new LinkedHashSet<>();
        int count = 1 + random.nextInt(60);
        int max = random.nextBoolean() ? 12 : 120;
        for (int k = 0; k < count; k++) {
            String[] pieces = shapes.get(random.nextInt(shapes.size()));
            StringBuilder name = new StringBuilder(pieces[0]);
            for (int r = 1; r < pieces.length; r++) {
                name.append(number(random.nextInt(max + 1), randomWidth())).append(pieces[r]);
            }
            names.add(name.toString());
        }
        return String.join(",", names);
    }

    private String item() {
        int runs = random.nextInt(4);
        StringBuilder out = new StringBuilder(pick(PREFIXES));
        if (runs == 0 && out.isEmpty()) {
            out.append("host");
        }
        for (int r = 0; r < runs; r++) {
            if (r > 0) {
                out.append(pick(BETWEEN));
            }
            if (random.nextInt(4) == 0) {
                out.append(number(random.nextInt(40), randomWidth()));
            } else {
                out.append('[').append(ranges(runs)).append(']');
            }
        }
        return out.append(pick(SUFFIXES)).toString();
    }

    /** 1-3 ranges of one width: singles, a-b, a-b/step; overlaps allowed. */
    private String ranges(int runs) {
        int width = randomWidth();
        int span = runs >= 2 ? 6 : 40;
        int parts = 1 + random.nextInt(3);
        List<String> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int a = random.nextInt(span);
            int kind = random.nextInt(5);
            if (kind == 0) {
                out.add(number(a, width));
            } else {
                int b = a + random.nextInt(span);
                String range = number(a, width) + "-" + number(b, width);
                out.add(kind == 1 && b > a ? range + "/" + (1 + random.nextInt(4)) : range);
            }
        }
        return String.join(",", out);
    }

    private int randomWidth() {
        int w = random.nextInt(6);
        return w < 3 ? 0 : w - 1; // half unpadded, else 2, 3 or 4 digits
    }

    private static String number(int n, int width) {
        String digits = Integer.toString(n);
        return width <= digits.length() ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
