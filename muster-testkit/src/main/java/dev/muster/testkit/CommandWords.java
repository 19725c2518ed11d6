package dev.muster.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a command line into words the way sh would, for simple commands only: quotes and
 * backslashes are honoured; anything needing a real shell (pipes, redirections, variables,
 * globs, several commands) yields empty, so the caller can hand it to /bin/sh or refuse it.
 */
final class CommandWords {

    private static final String SHELL_SYNTAX = "|&;<>()$`*?[]{}~#\n";

    private CommandWords() {
    }

    static Optional<List<String>> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                i++;
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    return Optional.empty();
                }
                word.append(line, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                int end = readDoubleQuoted(line, i + 1, word);
                if (end < 0) {
                    return Optional.empty();
                }
                i = end + 1;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    return Optional.empty();
                }
                word.append(line.charAt(i + 1));
                i += 2;
            } else if (SHELL_SYNTAX.indexOf(c) >= 0 || (c == '=' && words.isEmpty())) {
                return Optional.empty();
            } else {
                word.append(c);
                i++;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words.isEmpty() ? Optional.empty() : Optional.of(words);
    }

    /** Returns the index of the closing quote, or -1; gives up on $ and ` inside. */
    private static int readDoubleQuoted(String line, int from, StringBuilder word) {
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '$' || c == '`') {
                return -1;
            }
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        return -1;
    }
}
