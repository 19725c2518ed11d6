package dev.muster.server.http;

import dev.muster.server.store.RunFilter;
import dev.muster.server.store.RunStatus;
import dev.muster.server.store.StoredRun;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The runs list's filters and paging, shared by {@code GET /api/v1/runs} and the dashboard's
 * {@code /runs}: status (a {@link RunVerdict}), user, host, env, from/to (an ISO instant, a date,
 * or a browser's {@code yyyy-MM-ddTHH:mm}, UTC), and a cursor (before or after a run id).
 */
public final class RunSearch {
    private final ServerContext sc;

    public RunSearch(ServerContext sc) {
        this.sc = sc;
    }

    /** The filters as asked for (blank values dropped); {@link #verdict} null: any. */
    public record Query(RunVerdict verdict, String user, String host, String env, Instant from, Instant to,
                        String before, String after) {
        public static Query of(Function<String, String> param) {
            String status = blank(param.apply("status"));
            return new Query(status == null ? null : RunVerdict.fromKey(status), blank(param.apply("user")),
                    blank(param.apply("host")), blank(param.apply("env")), time(param.apply("from"), "from"),
                    time(param.apply("to"), "to"), blank(param.apply("before")), blank(param.apply("after")));
        }

        public boolean filtered() {
            return verdict != null || user != null || host != null || env != null || from != null || to != null;
        }

        RunFilter filter() {
            Set<RunStatus> statuses = verdict == null ? Set.of() : verdict == RunVerdict.CANCELLED
                    ? Set.of(RunStatus.CANCELLED) : Set.of(verdict.stored());
            Boolean nonZero = verdict == RunVerdict.OK ? Boolean.FALSE
                    : verdict == RunVerdict.FAILED || verdict == RunVerdict.PARTIAL ? Boolean.TRUE : null;
            return new RunFilter(statuses, nonZero, user, host, env, from, to);
        }
    }

    /**
     * A page: the runs shown, the cursor for older runs (null: none), and for newer ones (null:
     * this is the newest page).
     */
    public record Page(List<StoredRun> runs, String older, String newer) {
    }

    public Page page(Query q, int limit) {
        List<StoredRun> raw = sc.store().runs().search(q.filter(), q.before(), q.before() == null ? q.after() : null,
                limit);
        List<StoredRun> shown = q.verdict() == null ? raw
                : raw.stream().filter(r -> RunVerdict.of(r) == q.verdict()).toList();
        boolean fromAfter = q.before() == null && q.after() != null;
        String older = raw.isEmpty() ? null : fromAfter || raw.size() == limit ? raw.getLast().id() : null;
        String newer = raw.isEmpty() ? null : q.before() != null || (fromAfter && raw.size() == limit)
                ? raw.getFirst().id() : null;
        return new Page(shown, older, newer);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public static Instant time(String text, String name) {
        String s = blank(text);
        if (s == null) {
            return null;
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (!s.endsWith("Z") && !s.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            }
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + " must be a time like 2026-11-27, 2026-11-27T10:00 or "
                    + "2026-11-27T10:00:00Z; got " + s);
        }
    }
}
