package dev.muster.cli.command;

import dev.muster.cli.output.ScopedLocal;
import java.util.Map;

/**
 * The environment a command sees: this process's, or, in the persist daemon, the client's (sent
 * with each command), so {@code {secret: {env: NAME}}} and $MUSTER_VAULT_PASSWORD_FILE read what
 * the user has set now, not what the daemon was started with.
 */
public final class CommandEnvironment {
    private static final ScopedLocal<Map<String, String>> CLIENT = new ScopedLocal<>();

    private CommandEnvironment() {
    }

    static Map<String, String> get() {
        Map<String, String> client = CLIENT.get();
        return client != null ? client : System.getenv();
    }

    public static <T> T with(Map<String, String> env, java.util.concurrent.Callable<T> body) throws Exception {
        return env == null || env.isEmpty() ? body.call() : CLIENT.with(Map.copyOf(env), body);
    }
}
