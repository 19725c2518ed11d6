package dev.muster.core.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an Ansible INI host line into words as Ansible does (Python's {@code shlex.split}
 * with comments): whitespace separates, single quotes keep everything, double quotes keep all
 * but backslash-escaped {@code "} and {@code \}, a backslash outside quotes escapes the next
 * character, and {@code #} outside quotes ends the line.
 */
final class ShellWords {
    /** A word and the 1-based column where it starts. */
    record Word(String text, int column) {
    }

    private ShellWords() {
    }

    static List<Word> split(String line, int firstColumn, Where where) {
        List<Word> out = new ArrayList<>();
        StringBuilder word = null;
        int start = 0;
        char quote = 0;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && k + 1 < line.length() && (line.charAt(k + 1) == '"' || line.charAt(k + 1) == '\\')) {
                    word.append(line.charAt(++k));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    out.add(new Word(word.toString(), firstColumn + start));
                    word = null;
                }
            } else if (c == '#') {
                break;
            } else {
                if (word == null) {
                    word = new StringBuilder();
                    start = k;
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\') {
                    if (k + 1 >= line.length()) {
                        throw new Where(where.source(), where.line(), firstColumn + k).error("no character after '\\'");
                    }
                    word.append(line.charAt(++k));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new Where(where.source(), where.line(), firstColumn + start).error("unclosed quote");
        }
        if (word != null) {
            out.add(new Word(word.toString(), firstColumn + start));
        }
        return out;
    }
}
