package dev.muster.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a migration script into statements, because JDBC drivers run one statement per call
 * (sqlite-jdbc silently runs only the first). A {@code ;} ends a statement unless it is inside
 * a quoted string or identifier, a {@code --} or block comment, a PostgreSQL dollar-quoted body
 * ({@code $$...$$}, {@code $fn$...$fn$}), or the {@code BEGIN ... END} body of a SQLite
 * {@code CREATE TRIGGER}. Comments are kept in the statement text; blank statements are dropped.
 */
final class SqlScript {
    private final String sql;
    private final List<String> statements = new ArrayList<>();
    private StringBuilder current = new StringBuilder();
    private int blockDepth;

    private SqlScript(String sql) {
        this.sql = sql;
    }

    static List<String> split(String sql) {
        SqlScript s = new SqlScript(sql);
        s.scan();
        return List.copyOf(s.statements);
    }

    private void scan() {
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'' || c == '"') {
                end = closingQuote(i, c);
            } else if (c == '-' && next(i) == '-') {
                end = indexOrEnd("\n", i + 2);
            } else if (c == '/' && next(i) == '*') {
                end = indexOrEnd("*/", i + 2) + 1;
            } else if (c == '$' && dollarTag(i) != null) {
                String tag = dollarTag(i);
                end = indexOrEnd(tag, i + tag.length()) + tag.length() - 1;
            } else if (Character.isLetter(c) || c == '_') {
                end = word(i);
            } else if (c == ';' && blockDepth == 0) {
                flush();
                i++;
                continue;
            } else {
                end = i;
            }
            end = Math.min(end, sql.length() - 1);
            current.append(sql, i, end + 1);
            i = end + 1;
        }
        flush();
    }

    /** Tracks BEGIN/CASE ... END nesting, which only matters inside a CREATE TRIGGER. */
    private int word(int start) {
        int i = start;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        String w = sql.substring(start, i).toUpperCase(Locale.ROOT);
        if (isTrigger()) {
            if (w.equals("BEGIN") || w.equals("CASE")) {
                blockDepth++;
            } else if (w.equals("END") && blockDepth > 0) {
                blockDepth--;
            }
        }
        return i - 1;
    }

    private boolean isTrigger() {
        String head = current.toString().stripLeading().toUpperCase(Locale.ROOT);
        return head.matches("(?s)^CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b.*");
    }

    private int closingQuote(int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (next(i) == quote) {
                    i += 2; // doubled quote is an escaped quote
                    continue;
                }
                return i;
            }
            i++;
        }
        return sql.length() - 1;
    }

    /** {@code $$} or {@code $tag$} starting at {@code i}, or null when this {@code $} is not one. */
    private String dollarTag(int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, j + 1);
        }
        return null;
    }

    private int indexOrEnd(String what, int from) {
        int at = sql.indexOf(what, from);
        return at < 0 ? sql.length() - 1 : at;
    }

    private char next(int i) {
        return i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
    }

    private void flush() {
        String statement = current.toString().strip();
        if (!onlyComments(statement)) {
            statements.add(statement);
        }
        current = new StringBuilder();
        blockDepth = 0;
    }

    private static boolean onlyComments(String s) {
        String rest = s.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("--[^\\n]*", "");
        return rest.isBlank();
    }
}
