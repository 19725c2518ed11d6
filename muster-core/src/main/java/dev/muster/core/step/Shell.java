package dev.muster.core.step;

/** Quoting for POSIX shells: every value from inventories or users is quoted before a shell sees it. */
public final class Shell {
    private Shell() {
    }

    /** Single-quotes {@code value} so a POSIX shell reads it as one literal word. */
    public static String quote(String value) {
        if (!value.isEmpty() && value.chars().allMatch(Shell::safe)) {
            return value;
        }
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    private static boolean safe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "@%+=:,./-_".indexOf(c) >= 0;
    }
}
