package dev.muster.server.engine;

import dev.muster.core.Redactor;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.server.store.DeadLetters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a dead letter for every host whose step failed for good. The executor only reports a
 * host's final outcome, after its retries: a failure there is one a retry could not help (its kind
 * is not retryable) or one that used up its attempts. Cancelled, interrupted and unapproved hosts
 * are decisions, not failures, and get no letter. Output is redacted before it is stored.
 */
final class DeadLetterListener implements RunListener {
    private static final System.Logger LOG = System.getLogger(DeadLetterListener.class.getName());
    private static final Set<FailureKind> NOT_LETTERS = Set.of(FailureKind.CANCELLED, FailureKind.INTERRUPTED,
            FailureKind.NOT_APPROVED);

    private final DeadLetters letters;
    private final String runId;
    private final String step;
    private final Redactor redactor;
    private final Map<String, String> environments = new HashMap<>();
    private final List<DeadLetters.Failure> written = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** @param step what the hosts ran, as users read it (already redacted or sealed) */
    DeadLetterListener(DeadLetters letters, String runId, String step, List<Host> hosts, Redactor redactor) {
        this.letters = letters;
        this.runId = runId;
        this.step = redactor.redact(step);
        this.redactor = redactor;
        hosts.forEach(h -> environments.put(h.name(), h.environment()));
    }

    static boolean isLetter(Outcome o) {
        return (o.status() == Status.FAILED || o.status() == Status.UNREACHABLE) && o.kind() != null
                && !NOT_LETTERS.contains(o.kind());
    }

    @Override
    public void hostFinished(Outcome o) {
        if (!isLetter(o)) {
            return;
        }
        Outcome r = o.redacted(redactor);
        String output = join(r.stdout(), r.stderr(), r.message());
        try {
            DeadLetters.Failure failure = new DeadLetters.Failure(runId, o.host(), environments.get(o.host()), step,
                    o.kind().name().toLowerCase(java.util.Locale.ROOT), o.attempts(), o.exitCode(), output);
            letters.add(failure);
            written.add(failure);
        } catch (RuntimeException e) {
            // the run's own record holds the outcome; a letter lost to a store hiccup is logged, not fatal
            LOG.log(System.Logger.Level.WARNING, "cannot store a dead letter for " + o.host() + " of run " + runId
                    + ": " + redactor.redact(String.valueOf(e.getMessage())));
        }
    }

    /** The letters this run wrote so far. */
    List<DeadLetters.Failure> written() {
        return List.copyOf(written);
    }

    private static String join(String stdout, String stderr, String message) {
        StringBuilder b = new StringBuilder();
        for (String part : new String[] {stdout, stderr, message}) {
            if (part != null && !part.isEmpty()) {
                if (!b.isEmpty() && b.charAt(b.length() - 1) != '\n') {
                    b.append('\n');
                }
                b.append(part);
            }
        }
        return b.toString();
    }
}
