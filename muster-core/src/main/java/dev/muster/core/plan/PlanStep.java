package dev.muster.core.plan;

import dev.muster.core.inventory.HostSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One validated step of a plan. Steps of an included plan appear in place of the include, each
 * naming the file it came from.
 *
 * @param kind     what it does
 * @param name     the step's {@code name}, or empty
 * @param hosts    the step's {@code hosts:} selector text, or null for every host of the plan
 * @param hostSet  the hosts it runs on: the plan's hosts, narrowed by {@code hosts:}
 * @param register name its output is kept under for later steps, or null
 * @param notifies handlers to run when it changed something
 * @param body     the kind's own settings
 * @param source   the file it was written in
 * @param line     1-based line of the step
 */
public record PlanStep(StepKind kind, String name, String hosts, HostSet hostSet, String register,
                       List<String> notifies, Body body, String source, int line) {

    public PlanStep {
        Objects.requireNonNull(kind, "kind");
        name = name == null ? "" : name;
        notifies = List.copyOf(notifies);
        Objects.requireNonNull(body, "body");
    }

    /** The settings of each step kind. */
    public sealed interface Body {
    }

    /**
     * {@code run: COMMAND}.
     *
     * @param creates skip the host when this path exists there (the work was done before)
     */
    public record Run(String command, boolean sudo, Duration timeout, ChangedWhen changedWhen, String creates)
            implements Body {
    }

    /** {@code script: FILE} (a local file, resolved against the plan's directory), run with {@code args}. */
    public record Script(String path, List<String> args, boolean sudo, Duration timeout, ChangedWhen changedWhen,
                         String creates) implements Body {
        public Script {
            args = List.copyOf(args);
        }
    }

    /** push, template, release and check: options validated against the kind's {@link OptionSchema}. */
    public record Options(Map<String, Object> options) implements Body {
        public Options {
            options = Map.copyOf(options);
        }
    }

    /**
     * {@code wait: 30s}, or {@code wait: {until: CHECK, timeout: 5m}}: until a check passes on
     * every host, giving up (the host fails) after {@code timeout}.
     *
     * @param duration how long to wait, or null when waiting for a check
     * @param until    check options (see {@link OptionSchema#CHECK}), or null
     * @param timeout  limit for {@code until}
     */
    public record Wait(Duration duration, Map<String, Object> until, Duration timeout) implements Body {
    }

    /**
     * A step built by code rather than written in a plan file, e.g. the switch `muster rollback`
     * runs with a plan's batches, gates and handlers.
     */
    public record Built(dev.muster.core.exec.Step step, String description) implements Body {
    }

    /** {@code approve}: a human gate; the run waits up to {@code timeout} for `muster approve RUN`. */
    public record Approve(String message, Duration timeout) implements Body {
    }

    /**
     * When a run/script step reports "changed": always ({@code true}), never ({@code false}), or when
     * its stdout or stderr matches a regular expression.
     */
    public record ChangedWhen(Boolean always, String stdout, String stderr) {
        public static final ChangedWhen ALWAYS = new ChangedWhen(true, null, null);
    }

    /** One line for summaries: "run: systemctl restart app", "push: ./site/ → /srv/www/". */
    public String describe() {
        String what = switch (body) {
            case Run r -> r.command();
            case Script s -> s.path() + (s.args().isEmpty() ? "" : " " + String.join(" ", s.args()));
            case Options o when kind == StepKind.PUSH || kind == StepKind.TEMPLATE ->
                    o.options().get("src") + " → " + o.options().get("dest");
            case Options o when kind == StepKind.RELEASE -> o.options().get("artifact") + " → " + o.options().get("base");
            case Options o -> firstPresent(o.options(), "http", "tcp", "cmd");
            case Wait w -> w.duration() != null ? Durations.format(w.duration())
                    : "until " + firstPresent(w.until(), "http", "tcp", "cmd") + " (at most "
                    + Durations.format(w.timeout()) + ")";
            case Approve a -> a.message().isEmpty() ? "(approval)" : a.message();
            case Built b -> b.description();
        };
        return kind.key() + ": " + what;
    }

    private static String firstPresent(Map<String, Object> options, String... keys) {
        for (String key : keys) {
            if (options.containsKey(key)) {
                return key + " " + options.get(key);
            }
        }
        return "";
    }
}
