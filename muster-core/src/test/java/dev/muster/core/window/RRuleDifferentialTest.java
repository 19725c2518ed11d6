package dev.muster.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Window openings from generated RRULEs, compared with python-dateutil's rrule evaluated in the
 * same zone (zoneinfo): the next openings after a random instant, across DST changes of zones
 * north and south, half-hour ones included. A fixed seed, then a random one (printed on failure).
 */
class RRuleDifferentialTest {
    static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Australia/Sydney", "Europe/London",
            "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "UTC");
    static final String[] DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
    static final int N = 8;
    static final int CASES = 300;
    /** As {@link Window}: openings are looked for this many days from the day before. */
    static final int HORIZON_DAYS = 366 * 8 + 2;

    @TempDir
    Path dir;

    /** One generated case: the rule as muster reads it, and as it is handed to dateutil. */
    record Case(String zone, LocalDateTime start, String rule, String oracleRule, String untilKind, String untilValue,
                Instant after) {
        String json() {
            LocalDate horizon = after.atZone(ZoneId.of(zone)).toLocalDate().minusDays(1).plusDays(HORIZON_DAYS - 1);
            return "{\"zone\":\"" + zone + "\",\"start\":\"" + start + "\",\"rule\":\"" + oracleRule
                    + "\",\"until\":{\"kind\":\"" + untilKind + "\",\"value\":\"" + untilValue + "\"},\"after\":"
                    + after.getEpochSecond() + ",\"n\":" + N + ",\"horizon\":\"" + horizon + "\"}";
        }

        String mine() {
            Window w = new Window("w", ZoneId.of(zone), Recurrence.parse(rule, start, ZoneId.of(zone)), Duration.ofHours(1),
                    Set.of(), null, 0);
            return w.next(after, N).stream().map(o -> Long.toString(o.start().getEpochSecond()))
                    .collect(Collectors.joining(" "));
        }
    }

    @Test
    @Timeout(120)
    void openingsMatchDateutilOnAFixedSeed() throws Exception {
        compare(20261207L);
    }

    @Test
    @Timeout(120)
    void openingsMatchDateutilOnARandomSeed() throws Exception {
        compare(Long.getLong("rrule.seed", new Random().nextLong())); // -Drrule.seed=N replays a failure
    }

    private void compare(long seed) throws Exception {
        Random random = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            cases.add(generate(random));
        }
        List<String> expected = oracle(cases);
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            assertThat(c.mine()).as("seed %d (replay: -Drrule.seed=%<d), case %d: %s from %s in %s, after %s",
                    seed, i, c.rule(), c.start(), c.zone(), c.after()).isEqualTo(expected.get(i));
        }
    }

    static Case generate(Random r) {
        String zone = ZONES.get(r.nextInt(ZONES.size()));
        LocalDateTime start = LocalDate.of(2025, 1, 1).plusDays(r.nextInt(3 * 365))
                .atTime(r.nextInt(24), r.nextBoolean() ? 15 * r.nextInt(4) : r.nextInt(60));
        String freq = List.of("DAILY", "WEEKLY", "MONTHLY").get(r.nextInt(3));
        List<String> parts = new ArrayList<>();
        parts.add("FREQ=" + freq);
        int interval = r.nextBoolean() ? 1 : 1 + r.nextInt(4);
        if (interval > 1 || r.nextInt(5) == 0) {
            parts.add("INTERVAL=" + interval);
        }
        boolean byMonthDay = false;
        switch (freq) {
            case "DAILY" -> {
                if (r.nextInt(10) < 3) {
                    parts.add("BYDAY=" + weekdays(r));
                }
                if (r.nextInt(10) == 0) {
                    parts.add("BYMONTHDAY=" + monthDays(r));
                    byMonthDay = true;
                }
            }
            case "WEEKLY" -> {
                if (r.nextInt(10) < 6) {
                    parts.add("BYDAY=" + weekdays(r));
                }
            }
            default -> {
                int kind = r.nextInt(10);
                if (kind < 4) {
                    parts.add("BYDAY=" + ordinals(r));
                } else if (kind < 6) {
                    parts.add("BYDAY=" + weekdays(r));
                }
                if (r.nextInt(10) < (kind < 6 ? 1 : 5)) {
                    parts.add("BYMONTHDAY=" + monthDays(r));
                    byMonthDay = true;
                }
            }
        }
        if (!byMonthDay && !(freq.equals("MONTHLY") && interval > 1) && r.nextInt(10) == 0) {
            parts.add("BYMONTH=" + distinct(r, 1 + r.nextInt(4), 12, 1));
        }
        if (r.nextBoolean()) {
            parts.add("BYHOUR=" + distinct(r, 1 + r.nextInt(3), 24, 0));
        }
        if (r.nextInt(10) < 4) {
            parts.add("BYMINUTE=" + distinct(r, 1 + r.nextInt(2), 60, 0));
        }
        if (r.nextInt(5) == 0) {
            parts.add("WKST=" + DAYS[r.nextInt(7)]);
        }
        java.util.Collections.shuffle(parts.subList(1, parts.size()), r);
        String oracle = String.join(";", parts);
        String untilKind = "none";
        String untilValue = "";
        int end = r.nextInt(4);
        if (end == 0) {
            parts.add("COUNT=" + (1 + r.nextInt(30)));
            oracle = String.join(";", parts);
        } else if (end == 1) {
            LocalDateTime until = start.plusDays(10 + r.nextInt(600)).plusMinutes(r.nextInt(24 * 60));
            switch (r.nextInt(3)) {
                case 0 -> {
                    parts.add("UNTIL=" + until.format(DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss")));
                    untilKind = "local";
                    untilValue = until.toString();
                }
                case 1 -> {
                    parts.add("UNTIL=" + until.toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE));
                    untilKind = "local";
                    untilValue = until.toLocalDate().atTime(23, 59, 59).toString();
                }
                default -> {
                    parts.add("UNTIL=" + until.format(DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss")) + "Z");
                    oracle = String.join(";", parts);
                    untilKind = "utc";
                }
            }
        }
        Instant after = start.toInstant(ZoneOffset.UTC).plus(Duration.ofMinutes(r.nextInt(440 * 24 * 60) - 40 * 24 * 60));
        String rule = (r.nextInt(4) == 0 ? "RRULE:" : "") + String.join(";", parts);
        return new Case(zone, start, rule, oracle, untilKind, untilValue, after);
    }

    private static String weekdays(Random r) {
        List<String> out = new ArrayList<>();
        for (int i = 1 + r.nextInt(3); out.size() < i; ) {
            String d = DAYS[r.nextInt(7)];
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        return String.join(",", out);
    }

    private static String ordinals(Random r) {
        List<String> out = new ArrayList<>();
        for (int i = 1 + r.nextInt(2); out.size() < i; ) {
            int n = r.nextInt(10) == 0 ? 5 : 1 + r.nextInt(4);
            String d = (r.nextBoolean() ? "-" : r.nextInt(4) == 0 ? "+" : "") + n + DAYS[r.nextInt(7)];
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        return String.join(",", out);
    }

    private static String monthDays(Random r) {
        List<String> out = new ArrayList<>();
        for (int i = 1 + r.nextInt(3); out.size() < i; ) {
            String d = r.nextInt(3) == 0 ? "-" + (1 + r.nextInt(5)) : Integer.toString(1 + r.nextInt(31));
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        return String.join(",", out);
    }

    private static String distinct(Random r, int count, int bound, int base) {
        return r.ints(base, base + bound).distinct().limit(count).mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
    }

    private List<String> oracle(List<Case> cases) throws IOException, InterruptedException {
        Path script = dir.resolve("rrule_oracle.py");
        try (var in = getClass().getResourceAsStream("/window/rrule_oracle.py")) {
            Files.copy(in, script);
        }
        Path input = dir.resolve("cases.jsonl");
        Files.write(input, cases.stream().map(Case::json).toList(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("python3", script.toString())
                .redirectInput(input.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 dateutil oracle did not finish in 90 s");
        }
        assertThat(p.exitValue()).as("python3 (needs python3-dateutil): %s",
                Files.readString(dir.resolve("err.txt"))).isZero();
        List<String> out = Files.readAllLines(dir.resolve("out.txt"));
        assertThat(out).hasSize(cases.size());
        return out;
    }

    @Test
    void theGeneratorCoversOrdinalsUntilCountAndEveryFrequency() {
        Random r = new Random(1);
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            rules.add(generate(r).rule());
        }
        for (String part : List.of("FREQ=DAILY", "FREQ=WEEKLY", "FREQ=MONTHLY", "BYDAY=-", "BYMONTHDAY=-", "COUNT=",
                "Z", "UNTIL=", "INTERVAL=", "BYMONTH=", "WKST=", "RRULE:")) {
            assertThat(rules).as(part).anyMatch(rule -> rule.contains(part));
        }
        assertThat(DayOfWeek.values()).hasSize(DAYS.length);
    }
}
