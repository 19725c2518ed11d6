package dev.muster.core;

import dev.muster.core.secret.KnownSecrets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Masks secret values (inventory vars marked secret, passwords, passphrases, values resolved
 * from vault, env, file and command sources) in any text before it is printed, logged or stored.
 * Longest secrets are replaced first so a secret that contains another is masked whole. A
 * redactor built over {@link KnownSecrets} also masks values resolved after it was built.
 */
public final class Redactor {
    public static final String MASK = "****";
    private static final Redactor NONE = new Redactor(List.of(), null);

    private final List<String> secrets;
    private final KnownSecrets live;
    private volatile Merged merged = new Merged(-1, List.of());

    private record Merged(long version, List<String> secrets) {
    }

    private Redactor(List<String> secrets, KnownSecrets live) {
        this.secrets = secrets;
        this.live = live;
    }

    public static Redactor none() {
        return NONE;
    }

    /** Secrets shorter than 3 characters are ignored: masking "a" everywhere helps nobody. */
    public static Redactor of(Collection<String> secrets) {
        List<String> usable = usable(secrets);
        return usable.isEmpty() ? NONE : new Redactor(usable, null);
    }

    /** These secrets, and every value {@code live} holds now or later. */
    public static Redactor of(Collection<String> secrets, KnownSecrets live) {
        return live == null ? of(secrets) : new Redactor(usable(secrets), live);
    }

    private static List<String> usable(Collection<String> secrets) {
        return secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> s.length() >= 3)
                .distinct()
                .sorted((a, b) -> Integer.compare(b.length(), a.length()))
                .toList();
    }

    public Redactor plus(Collection<String> more) {
        List<String> all = new ArrayList<>(secrets);
        all.addAll(more);
        return of(all, live);
    }

    public boolean isEmpty() {
        return secrets.isEmpty() && (live == null || current().isEmpty());
    }

    /** The fixed secrets and the live ones, longest first; re-sorted only when a live value was added. */
    private List<String> current() {
        if (live == null) {
            return secrets;
        }
        long version = live.version();
        Merged now = merged;
        if (now.version() != version) {
            List<String> all = new ArrayList<>(secrets);
            all.addAll(live.values());   // read after the version: holds at least what that version had
            now = new Merged(version, usable(all));
            merged = now;
        }
        return now.secrets();
    }

    public String redact(String text) {
        List<String> all = current();
        if (text == null || all.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : all) {
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
        for (String secret : current()) {
            for (int at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
                marked.set(at, at + secret.length());
            }
        }
        return marked;
    }
}
