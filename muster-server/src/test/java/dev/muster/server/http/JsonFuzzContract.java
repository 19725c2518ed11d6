package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunRequest;
import dev.muster.server.testing.Backend;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every POST route of the API (from the route table) gets random JSON: arbitrary values, its own
 * valid body with fields dropped, replaced by values of any type or added, broken and truncated
 * text, deep nesting, huge strings and numbers, control characters. No answer may be a 500 or
 * carry a stack trace or an exception's name. Seeded: the seed of a failing body is in the failure
 * message, and {@code -Dmuster.fuzz.seed=N} repeats a run.
 */
abstract class JsonFuzzContract implements Backend {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = Long.getLong("muster.fuzz.seed", System.nanoTime());
    private static final String[] WORDS = {"", " ", "@web", "@db", "all", "web01", "db01", "*", "prod", "staging",
            "viewer", "operator", "admin", "true", "0 2 * * *", "* * * * * *", "@daily", "@reboot", "0 0 30 2 *",
            "staging.yaml", "prod.yaml", "../../etc/passwd", "/etc/passwd", "check.yaml", "{{ x }}", "{x}",
            "\u001esecret:api_key\u001dweb01\u001f", "\u0000", "\ud83d\ude00", "'; DROP TABLE runs; --", "<script>",
            "Europe/Berlin", "Mars/Olympus", "run_once", "skip", "forbid", "queue", "null", "-1", "1e999"};

    static ServerFixture fx;
    static String admin;
    static String runId;
    static int casesPerRoute;

    /** Where the fixture's store lives: each backend subclass starts one. */
    static void startOn(Database db, Path dir, int cases) throws Exception {
        casesPerRoute = cases;
        System.out.println("JsonFuzzContract seed " + SEED + " (-Dmuster.fuzz.seed=" + SEED + " repeats it)");
        fx = new ServerFixture(dir, db, null, c -> c.claimRuns(false));
        Files.writeString(fx.plans.resolve("check.yaml"),
                "kind: inspection\nname: check\ntargets: \"@web\"\nchecks:\n  - health: {cmd: \"true\"}\n");
        admin = fx.token("fuzzer", "admin", "*");
        runId = fx.store.runs().enqueue(new RunRequest("run", "@web", "true", Map.of("selector", "@web", "command",
                "true"), "staging", "seed", null));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    /** A valid body for each route, which the fuzzer bends; routes without one start from {}. */
    static final Map<String, String> VALID = Map.of(
            "/runs", "{\"selector\":\"@web\",\"command\":\"true\",\"confirm\":true}",
            "/plans/apply", "{\"plan\":\"staging.yaml\",\"vars\":{\"a\":\"b\"},\"confirm\":true}",
            "/inspections/run", "{\"inspection\":\"check.yaml\"}",
            "/schedules", "{\"name\":\"n1\",\"cron\":\"0 2 * * *\",\"zone\":\"UTC\",\"selector\":\"@web\","
                    + "\"command\":\"true\",\"misfire\":\"skip\",\"overlap\":\"queue\"}",
            "/tokens", "{\"name\":\"t\",\"role\":\"viewer\",\"owner\":\"o\",\"environments\":[\"staging\"]}",
            "/users", "{\"name\":\"u\",\"password\":\"long enough\"}",
            "/grants", "{\"subject\":\"s\",\"environment\":\"staging\",\"role\":\"viewer\"}");

    static Stream<Arguments> postRoutes() {
        return fx.server.routes().stream().filter(r -> r.method().equals("post")).map(r -> Arguments.of(r.path()));
    }

    @ParameterizedTest(name = "POST {0}")
    @MethodSource("postRoutes")
    void randomBodiesNeverGetA500OrAStackTrace(String route) throws Exception {
        Random random = new Random(SEED ^ route.hashCode());
        String path = "/api/v1" + route.replace("{id}", runId);
        JsonNode valid = JSON.readTree(VALID.getOrDefault(route, "{}"));
        for (int i = 0; i < casesPerRoute; i++) {
            String body = body(random, valid, i);
            HttpResponse<String> r = fx.call("POST", path, admin, body);
            String what = "POST " + route + " case " + i + " (seed " + SEED + ") with body "
                    + (body.length() > 300 ? body.substring(0, 300) + "..." : body) + " answered " + r.statusCode() + " "
                    + r.body();
            assertThat(r.statusCode()).as(what).isLessThan(500).isIn(200, 201, 202, 204, 400, 403, 404, 409, 413);
            assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ")
                    .doesNotContain("java.").doesNotContainIgnoringCase("stack trace");
        }
    }

    /**
     * A body over the limit is refused before it is read: 413, or, when the server's answer races
     * the upload still in flight, a connection the server closed. Either way nothing is created and
     * the server answers the next request.
     */
    @org.junit.jupiter.api.Test
    void aBodyOverTheLimitIsRefused() throws Exception {
        String body = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        try {
            HttpResponse<String> r = fx.call("POST", "/api/v1/schedules", admin, body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        } catch (java.io.UncheckedIOException closed) {
            assertThat(closed.getMessage()).contains("POST /api/v1/schedules");
        }
        assertThat(fx.call("GET", "/api/v1/schedules", admin, null).statusCode()).isEqualTo(200);
    }

    /** Case {@code i}: a different kind of bad (or good) body in turn. */
    private static String body(Random random, JsonNode valid, int i) throws Exception {
        return switch (i % 9) {
            case 0 -> JSON.writeValueAsString(value(random, 3));
            case 1 -> JSON.writeValueAsString(replaced(random, valid));
            case 2 -> JSON.writeValueAsString(dropped(random, valid));
            case 3 -> JSON.writeValueAsString(added(random, valid));
            case 4 -> broken(random, JSON.writeValueAsString(random.nextBoolean() ? valid : value(random, 3)));
            case 5 -> "[".repeat(2_000 + random.nextInt(20_000)) + "]".repeat(random.nextInt(3));
            case 6 -> {
                ObjectNode o = valid.deepCopy();
                // up to 512 KiB: under the 1,000,000-byte limit (over it, see aBodyOverTheLimitIsRefused)
                o.put(field(random, valid), "x".repeat(1 << (10 + random.nextInt(10))));
                yield JSON.writeValueAsString(o);
            }
            case 7 -> JSON.writeValueAsString(valid).replaceFirst(":\"[^\"]*\"", ":" + List.of("1e400", "-0",
                    "123456789012345678901234567890", "NaN", "true", "null", "[]", "{}").get(random.nextInt(8)));
            default -> JSON.writeValueAsString(valid); // the valid body as it is, again and again (conflicts)
        };
    }

    private static JsonNode value(Random random, int depth) {
        int kind = random.nextInt(depth <= 0 ? 6 : 8);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 4, 5 -> NODES.textNode(text(random));
            case 6 -> {
                ArrayNode a = NODES.arrayNode();
                for (int n = random.nextInt(4); n > 0; n--) {
                    a.add(value(random, depth - 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                for (int n = random.nextInt(4); n > 0; n--) {
                    o.set(text(random), value(random, depth - 1));
                }
                yield o;
            }
        };
    }

    private static String text(Random random) {
        if (random.nextInt(3) > 0) {
            return WORDS[random.nextInt(WORDS.length)];
        }
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(30); n > 0; n--) {
            sb.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> random.nextInt(32);
                case 1 -> 32 + random.nextInt(95);
                case 2 -> 0x80 + random.nextInt(0x780);
                default -> 0x1F300 + random.nextInt(0x200);
            });
        }
        return sb.toString();
    }

    private static String field(Random random, JsonNode valid) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = valid.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names.isEmpty() ? text(random) : names.get(random.nextInt(names.size()));
    }

    private static JsonNode replaced(Random random, JsonNode valid) {
        ObjectNode o = valid.deepCopy();
        o.set(field(random, valid), value(random, 2));
        return o;
    }

    private static JsonNode dropped(Random random, JsonNode valid) {
        ObjectNode o = valid.deepCopy();
        o.remove(field(random, valid));
        return o;
    }

    private static JsonNode added(Random random, JsonNode valid) {
        ObjectNode o = valid.deepCopy();
        o.set(text(random), value(random, 2));
        return o;
    }

    private static String broken(Random random, String text) {
        StringBuilder sb = new StringBuilder(text.substring(0, random.nextInt(text.length() + 1)));
        for (int n = random.nextInt(4); n > 0; n--) {
            String noise = "{}[]\",:\\\u0000";
            sb.insert(random.nextInt(sb.length() + 1), noise.charAt(random.nextInt(noise.length())));
        }
        return sb.toString();
    }
}
