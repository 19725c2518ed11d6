package dev.muster.files;

import dev.muster.core.InputException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --exclude} patterns, rsync-like: a pattern without '/' matches any path component
 * ("*.log", ".git"); a pattern with '/' matches the path from the top of the tree
 * ("cache/tmp", "logs/*.gz"); a trailing '/' matches directories only. An excluded directory
 * excludes everything below it. Excluded paths are neither sent nor deleted on hosts.
 */
public final class Excludes {
    private record Rule(String pattern, PathMatcher matcher, boolean anchored, boolean dirOnly) {
    }

    private final List<Rule> rules;

    private Excludes(List<Rule> rules) {
        this.rules = rules;
    }

    public static Excludes none() {
        return new Excludes(List.of());
    }

    public static Excludes of(List<String> patterns) {
        List<Rule> rules = new ArrayList<>();
        for (String p : patterns) {
            if (p.isBlank()) {
                throw InputException.option("--exclude", "an empty exclude pattern matches nothing");
            }
            boolean dirOnly = p.endsWith("/");
            String body = dirOnly ? p.substring(0, p.length() - 1) : p;
            boolean anchored = body.contains("/");
            if (body.startsWith("/")) {
                body = body.substring(1);
            }
            try {
                rules.add(new Rule(p, FileSystems.getDefault().getPathMatcher("glob:" + body), anchored, dirOnly));
            } catch (IllegalArgumentException e) {
                throw InputException.option("--exclude", "bad pattern '" + p + "': " + e.getMessage());
            }
        }
        return new Excludes(List.copyOf(rules));
    }

    /** True when {@code relative} (a '/'-separated path below the top) or a parent of it is excluded. */
    public boolean excludes(String relative, boolean directory) {
        if (rules.isEmpty() || relative.isEmpty()) {
            return false;
        }
        String[] parts = relative.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(parts[i]);
            boolean isDir = i < parts.length - 1 || directory;
            for (Rule r : rules) {
                if (r.dirOnly && !isDir) {
                    continue;
                }
                Path candidate = Path.of(r.anchored ? prefix.toString() : parts[i]);
                if (r.matcher.matches(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }
}
