package dev.muster.server.http;

import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.engine.RunTargets;
import dev.muster.server.store.RunRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Queues a command run for a caller: the one path the API's {@code POST /runs} and the
 * dashboard's run form share (access per environment, the protected-environment confirmation,
 * the masked command, waking the engine).
 */
public final class RunStarter {
    private final ServerContext sc;

    public RunStarter(ServerContext sc) {
        this.sc = sc;
    }

    /** The environments a run over {@code selector} touches (400 when it matches no host). */
    public Set<String> environments(String selector) {
        return RunTargets.environments(sc.targets().select(selector));
    }

    /**
     * Queues {@code command} on the hosts {@code selector} picks; returns the run's id.
     *
     * @throws ApiError 403 without operator rights on every environment touched, 409 when a
     *                  protected environment is touched without {@code confirm}
     */
    public String start(Principal p, String selector, String command, boolean confirm) {
        return start(p, selector, command, confirm, null);
    }

    /** As {@link #start(Principal, String, String, boolean)}, recording the run this one repeats (or null). */
    public String start(Principal p, String selector, String command, boolean confirm, String rerunOf) {
        Set<String> envs = environments(selector);
        sc.require(p, Role.OPERATOR, envs, "run commands");
        Set<String> guarded = sc.targets().protectedAmong(envs);
        if (!guarded.isEmpty() && !confirm) {
            throw ApiError.conflict("the run touches protected environment " + String.join(", ", guarded)
                    + ": send \"confirm\": true");
        }
        String sealed = sc.secrets().seal(command); // the store keeps references, never secret values
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("selector", selector);
        spec.put("command", sealed);
        if (rerunOf != null) {
            spec.put("rerunOf", rerunOf);
        }
        String id = sc.store().runs().enqueue(new RunRequest("run", selector, sc.secrets().display(sealed), spec,
                String.join(",", envs), p.name(), null));
        sc.engine().ifPresent(e -> e.wake());
        return id;
    }
}
