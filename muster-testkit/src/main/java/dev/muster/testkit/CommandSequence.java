package dev.muster.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several simple commands joined by {@code ;}, answered without forking when every one of them
 * is a builtin: the shape of muster's metrics probe. One construct beyond simple commands is known,
 * {@code if command -v NAME >/dev/null 2>&1; then A; else B; fi}, true when NAME is a builtin.
 * Anything else yields empty, so the caller falls back as for any unknown command line.
 */
final class CommandSequence {
    private static final Pattern COMMAND_V = Pattern.compile("if command -v ([A-Za-z0-9_.-]+) >/dev/null 2>&1");

    private CommandSequence() {
    }

    static Optional<Behaviour> resolve(String line, Function<String, Optional<Behaviour>> simple) {
        List<String> parts = split(line);
        if (parts == null) {
            return Optional.empty();
        }
        List<Behaviour> steps = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            String chosen = part;
            Matcher m = COMMAND_V.matcher(part);
            if (m.matches()) {
                if (i + 3 >= parts.size() || !parts.get(i + 1).startsWith("then ")
                        || !parts.get(i + 2).startsWith("else ") || !parts.get(i + 3).equals("fi")) {
                    return Optional.empty();
                }
                chosen = Builtins.NAMES.contains(m.group(1)) ? parts.get(i + 1).substring(5)
                        : parts.get(i + 2).substring(5);
                i += 3;
            }
            Optional<Behaviour> b = simple.apply(chosen);
            if (b.isEmpty()) {
                return Optional.empty();
            }
            steps.add(b.get());
        }
        return Optional.of((in, out, err) -> {
            int code = 0;
            for (Behaviour step : steps) {
                code = step.run(in, out, err);
            }
            return code;
        });
    }

    /** The line cut at each {@code ;} outside quotes, each part trimmed; null when a part is empty. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
                part.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                part.append(c);
            } else if (c == ';') {
                out.add(part.toString().strip());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (quote != 0) {
            return null;
        }
        if (!part.toString().isBlank()) {
            out.add(part.toString().strip());
        }
        return out.stream().anyMatch(String::isEmpty) ? null : out;
    }
}
