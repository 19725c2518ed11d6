package dev.muster.core.secret;

import dev.muster.core.Redactor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A variable's value that is secret and comes from a {@link SecretSource}: resolved only when a
 * step or template asks for it ({@link #value()}), at most once per command, and from then on
 * masked by every redactor of that command. It prints as {@value Redactor#MASK}, never as its
 * value nor as its ciphertext.
 */
public final class Secret {
    private final String name;
    private final SecretSource source;
    private final SecretResolver resolver;

    public Secret(String name, SecretSource source, SecretResolver resolver) {
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The variable it was written for, e.g. {@code db_password}. */
    public String name() {
        return name;
    }

    public SecretSource source() {
        return source;
    }

    /** The value; any failure to get it is an {@link dev.muster.core.InputException} where it was written. */
    public String value() {
        return resolver.resolve(this);
    }

    /** The same secret resolved by {@code other} (the server gives each run its own resolver). */
    public Secret in(SecretResolver other) {
        return other == resolver ? this : new Secret(name, source, other);
    }

    @Override
    public String toString() {
        return Redactor.MASK;
    }

    /**
     * {@code value} with every secret in it (at any depth of maps and lists) replaced by its
     * resolved value: for code that needs plain values, e.g. a command line.
     */
    public static Object resolved(Object value) {
        if (value instanceof Secret s) {
            return s.value();
        }
        if (value instanceof Map<?, ?> map && containsSecret(map)) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, resolved(v)));
            return out;
        }
        if (value instanceof Collection<?> list && containsSecret(list)) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(resolved(v)));
            return out;
        }
        return value;
    }

    /** Whether a secret is anywhere in {@code value}. */
    public static boolean containsSecret(Object value) {
        if (value instanceof Secret) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(Secret::containsSecret);
        }
        if (value instanceof Collection<?> list) {
            return list.stream().anyMatch(Secret::containsSecret);
        }
        return false;
    }

    /** {@code value} with every secret in it bound to {@code resolver}. */
    public static Object rebind(Object value, SecretResolver resolver) {
        if (value instanceof Secret s) {
            return s.in(resolver);
        }
        if (value instanceof Map<?, ?> map && containsSecret(map)) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, rebind(v, resolver)));
            return out;
        }
        if (value instanceof Collection<?> list && containsSecret(list)) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(rebind(v, resolver)));
            return out;
        }
        return value;
    }
}
