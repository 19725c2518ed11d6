package dev.muster.core;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Masks secret values (inventory vars marked secret, passwords, passphrases) in any text
 * before it is printed, logged or stored. Longest secrets are replaced first so a secret
 * that contains another is masked whole.
 */
public final class Redactor {
    public static final String MASK = "****";
    private static final Redactor NONE = new Redactor(List.of());

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    public static Redactor none() {
        return NONE;
    }

    /** Secrets shorter than 3 characters are ignored: masking "a" everywhere helps nobody. */
    public static Redactor of(Collection<String> secrets) {
        List<String> usable = secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> s.length() >= 3)
                .distinct()
                .sorted((a, b) -> Integer.compare(b.length(), a.length()))
                .toList();
        return usable.isEmpty() ? NONE : new Redactor(usable);
    }

    public Redactor plus(Collection<String> more) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(secrets);
        all.addAll(more);
        return of(all);
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /**
     * Marks every character of {@code text} that belongs to an occurrence of a secret, so callers
     * can hide whole lines (or other units) rather than just the value, e.g. in file diffs where a
     * secret may span several lines.
     */
    public java.util.BitSet occurrences(String text) {
        java.util.BitSet marked = new java.util.BitSet();
        if (text == null) {
            return marked;
        }
        for (String secret : secrets) {
            for (int at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
                marked.set(at, at + secret.length());
            }
        }
        return marked;
    }
}
