package dev.muster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A server-sent event stream read over real HTTP, event by event (its test's deadline bounds each read). */
final class SseStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as sent: its id (null: none), type and data. */
    record Event(String id, String event, String data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + data, e);
            }
        }
    }

    final HttpResponse<Stream<String>> response;
    private final Iterator<String> lines;
    /** Every event read so far, in order. */
    final List<Event> events = new ArrayList<>();

    SseStream(HttpClient http, String url, String token, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        response = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        lines = response.body().iterator();
    }

    /** Reads events until one passes {@code until} and returns it; fails when the stream ends first. */
    Event readUntil(Predicate<Event> until) {
        Event e = next(until);
        if (e == null) {
            throw new AssertionError("the stream ended; events: " + events);
        }
        return e;
    }

    /** Reads every event to the stream's end. */
    List<Event> readToEnd() {
        next(e -> false);
        return events;
    }

    private Event next(Predicate<Event> until) {
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (event != null || !data.isEmpty()) {
                    Event e = new Event(id, event, data.toString());
                    events.add(e);
                    if (until.test(e)) {
                        return e;
                    }
                }
                id = null;
                event = null;
                data.setLength(0);
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            }
        }
        return null;
    }

    @Override
    public void close() {
        response.body().close();
    }
}
