package dev.muster.testkit;

import java.util.List;

/**
 * The part of printf(1) tests use: %s %d %i %c %%, backslash escapes, and the format
 * reused while arguments remain.
 */
final class Printf {

    private Printf() {
    }

    static String format(String format, List<String> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        do {
            int[] used = {0};
            appendOnce(out, format, args, next, used);
            if (used[0] == 0) {
                break;
            }
            next += used[0];
        } while (next < args.size());
        return out.toString();
    }

    private static void appendOnce(StringBuilder out, String f, List<String> args, int first, int[] used) {
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == '\\' && i + 1 < f.length()) {
                i++;
                out.append(switch (f.charAt(i)) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '\\' -> '\\';
                    default -> f.charAt(i);
                });
            } else if (c == '%' && i + 1 < f.length()) {
                i++;
                char conv = f.charAt(i);
                if (conv == '%') {
                    out.append('%');
                    continue;
                }
                int index = first + used[0]++;
                String arg = index < args.size() ? args.get(index) : "";
                out.append(switch (conv) {
                    case 'd', 'i' -> number(arg);
                    case 'c' -> arg.isEmpty() ? "" : arg.substring(0, 1);
                    default -> arg;
                });
            } else {
                out.append(c);
            }
        }
    }

    private static String number(String arg) {
        if (arg.isEmpty()) {
            return "0";
        }
        try {
            return Long.toString(Long.parseLong(arg.strip()));
        } catch (NumberFormatException e) {
            return "0";
        }
    }
}
