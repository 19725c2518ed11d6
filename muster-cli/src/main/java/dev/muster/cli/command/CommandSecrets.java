package dev.muster.cli.command;

import dev.muster.cli.output.ScopedLocal;
import dev.muster.core.Redactor;
import dev.muster.core.secret.KnownSecrets;
import java.util.List;

/**
 * The secret values one command has resolved (decrypted vault values, env, file and command
 * sources): its inventory's redactor masks them, and so does the error message {@link Main} prints
 * when the command stops.
 */
public final class CommandSecrets {
    private static final ScopedLocal<KnownSecrets> KNOWN = new ScopedLocal<>();

    private CommandSecrets() {
    }

    /** The current command's; a fresh set outside any command (tests calling parts directly). */
    static KnownSecrets known() {
        KnownSecrets known = KNOWN.get();
        return known != null ? known : new KnownSecrets();
    }

    public static Redactor redactor() {
        KnownSecrets known = KNOWN.get();
        return known == null ? Redactor.none() : Redactor.of(List.of(), known);
    }

    public static <T> T with(KnownSecrets known, java.util.concurrent.Callable<T> body) throws Exception {
        return KNOWN.with(known, body);
    }
}
