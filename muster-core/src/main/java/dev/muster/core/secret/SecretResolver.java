package dev.muster.core.secret;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Host;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Resolves {@link Secret}s for one command (or one server run): each source at most once (a
 * command runs once however many hosts use its output), values kept in memory only, and every
 * value added to {@link KnownSecrets} so redactors mask it. A failure is remembered too, so every
 * use reports the same error.
 */
public final class SecretResolver {
    private final VaultKeys keys;
    private final Map<String, String> env;
    private final KnownSecrets known;
    private final Map<String, Object> resolved = new ConcurrentHashMap<>();

    public SecretResolver(VaultKeys keys, Map<String, String> env, KnownSecrets known) {
        this.keys = keys;
        this.env = env;
        this.known = known;
    }

    /** No vault passwords, this process's environment: for tests and tools. */
    public static SecretResolver plain() {
        return new SecretResolver(VaultKeys.none(), System.getenv(), new KnownSecrets());
    }

    public VaultKeys keys() {
        return keys;
    }

    public KnownSecrets known() {
        return known;
    }

    /** A resolver with the same passwords and known values but nothing resolved yet: one per server run. */
    public SecretResolver fresh() {
        return new SecretResolver(keys, env, known);
    }

    String resolve(Secret secret) {
        SecretSource source = secret.source();
        Object result = resolved.computeIfAbsent(source.key(), k -> {
            try {
                String value = fetch(secret.name(), source);
                known.add(value);
                return value;
            } catch (InputException e) {
                return e;
            }
        });
        if (result instanceof InputException e) {
            throw e;
        }
        return (String) result;
    }

    private String fetch(String name, SecretSource source) {
        String value = switch (source) {
            case SecretSource.VaultText v -> keys.decryptText(v.text(), v.where(), name);
            case SecretSource.Env e -> {
                String v = env.get(e.name());
                if (v == null) {
                    throw e.where().error(name + ": environment variable " + e.name() + " is not set");
                }
                yield v;
            }
            case SecretSource.File f -> text(name, source, at(name, source,
                    () -> PrivateFiles.read(f.path(), "the secret file " + f.path())));
            case SecretSource.Command c -> text(name, source, at(name, source,
                    () -> PrivateFiles.runCommand(List.of("sh", "-c", c.command()), "the command `" + c.command() + "`")));
        };
        if (value.isEmpty()) {
            throw source.where().error(name + ": " + source.describe() + " gives an empty value");
        }
        return value;
    }

    /** Runs {@code get}, placing a problem without a position where the secret was written. */
    private static byte[] at(String name, SecretSource source, java.util.function.Supplier<byte[]> get) {
        try {
            return get.get();
        } catch (InputException e) {
            throw e.source().isPresent() ? e : source.where().error(name + ": " + e.getMessage());
        }
    }

    /** UTF-8 text without trailing line breaks (what `pass show` or an editor adds). */
    private static String text(String name, SecretSource source, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            return text.substring(0, end);
        } catch (CharacterCodingException e) {
            throw source.where().error(name + ": " + source.describe() + " gives bytes that are not UTF-8 text");
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Resolves, before anything runs, every secret the given hosts hold under a name {@code needed}
     * accepts, so a missing password or a failing command stops the command (exit 2) before any
     * host is contacted. Secrets under other names stay unresolved.
     */
    public static void preflight(Collection<Host> hosts, Predicate<String> needed) {
        for (Host host : hosts) {
            host.vars().forEach((name, value) -> {
                if (needed.test(name)) {
                    Secret.resolved(value);
                }
            });
        }
    }

    /** As {@link #preflight(Collection, Predicate)} for plain variables (a plan's). */
    public static void preflight(Map<String, Object> vars, Predicate<String> needed) {
        vars.forEach((name, value) -> {
            if (needed.test(name)) {
                Secret.resolved(value);
            }
        });
    }
}
