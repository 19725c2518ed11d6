package dev.muster.cli.command;

import dev.muster.core.InputException;
import dev.muster.server.store.DeadLetters;
import dev.muster.server.store.Store;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code muster dead-letters}: the server's dead-letter queue, read and settled in its store
 * directly (as {@code muster token} does); discards are audited. Requeueing runs the step again,
 * which the server's API does with its run rights checked: {@code POST /api/v1/dead-letters/ID/requeue}.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = {"List or discard the server's dead letters: host steps that failed for good.",
                "Requeue one through the API (POST /api/v1/dead-letters/ID/requeue) or the dashboard.",
                "Example: muster dead-letters list --data ~/.muster --state any"},
        subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.Discard.class})
final class DeadLettersCommand extends CommandGroup {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Dead letters, newest first.")
    static final class ListLetters extends ServerStoreCommand {
        @Option(names = "--state", defaultValue = "open", paramLabel = "STATE",
                description = "open (default), requeued, discarded or any.")
        String state;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "At most N (default 50).")
        int limit;

        @Override
        public Integer call() {
            DeadLetters.State wanted = state(state);
            if (limit < 1) {
                throw InputException.option("--limit", "expected a positive number, got " + limit);
            }
            List<DeadLetters.Letter> letters;
            try (Store store = stores.open()) {
                letters = store.deadLetters().list(wanted, null, limit);
            }
            PrintWriter out = out();
            for (DeadLetters.Letter l : letters) {
                out.println(l.id() + "  " + l.createdAt() + "  " + l.host() + " (" + (l.environment() == null ? "-"
                        : l.environment()) + ")  " + l.errorKind() + (l.exitCode() == null ? "" : " exit " + l.exitCode())
                        + "  attempts " + l.attempts() + "  " + l.state().key() + "  run " + l.runId());
                out.println("    " + l.step());
                String tail = lastLine(l.lastOutput());
                if (!tail.isEmpty()) {
                    out.println("    " + tail);
                }
            }
            if (letters.isEmpty()) {
                out.println("no " + (wanted == null ? "" : wanted.key() + " ") + "dead letters");
            }
            return ExitCodes.OK;
        }

        private static String lastLine(String output) {
            String s = output.strip();
            int nl = s.lastIndexOf('\n');
            return nl < 0 ? s : s.substring(nl + 1);
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = {"Discard dead letters by id; exit 1 when one was not open."})
    static final class Discard extends ServerStoreCommand {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "The ids `muster dead-letters list` shows.")
        List<String> ids;

        @Override
        public Integer call() {
            int exit = ExitCodes.OK;
            try (Store store = stores.open()) {
                for (String id : ids) {
                    var letter = store.deadLetters().find(id);
                    boolean done = letter.isPresent() && store.deadLetters().discard(id, ServerStores.actor());
                    store.audit().append(ServerStores.actor(), "dead_letter.discard", id, done ? "ok" : "failed",
                            letter.isEmpty() ? "no such dead letter" : done ? "discarded" : "already "
                                    + letter.get().state().key());
                    if (done) {
                        out().println("discarded " + id);
                    } else {
                        spec.commandLine().getErr().println(letter.isEmpty() ? "no dead letter " + id
                                : "dead letter " + id + " is already " + letter.get().state().key());
                        exit = ExitCodes.HOSTS_FAILED;
                    }
                }
            }
            return exit;
        }
    }

    static DeadLetters.State state(String text) {
        if (text.equals("any")) {
            return null;
        }
        for (DeadLetters.State s : DeadLetters.State.values()) {
            if (s.key().equals(text.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw InputException.option("--state", "expected open, requeued, discarded or any, got " + text);
    }
}
