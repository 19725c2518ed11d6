package dev.muster.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The numbered, bounded event log behind the run event stream's replay from a cursor. */
class RunEventsReplayTest {
    private static RunEvents.Event output(String host, String text) {
        return new RunEvents.Event("output", Map.of("host", host, "stream", "stdout", "text", text));
    }

    @Test
    void aSubscriberFromACursorGetsExactlyTheEventsAfterItThenTheLiveOnesInOrder() {
        RunEvents events = new RunEvents();
        events.publish("r1", new RunEvents.Event("host-started", Map.of("host", "a", "attempt", 1)));
        events.publish("r1", output("a", "one\n"));
        events.publish("r1", output("a", "two\n"));
        List<RunEvents.Numbered> got = new CopyOnWriteArrayList<>();
        events.subscribe("r1", 2, got::add);
        events.publish("r1", output("a", "three\n"));
        assertThat(got).extracting(RunEvents.Numbered::seq).containsExactly(3L, 4L);
        assertThat(got).extracting(n -> n.event().data().get("text")).containsExactly("two\n", "three\n");
        assertThat(events.replay("r1", 0)).extracting(RunEvents.Numbered::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events.replay("other", 0)).isEmpty();
    }

    @Test
    void aSubscriberFromNowOnHearsEveryNewEventAndNoneBefore() throws Exception {
        // as `apply --resume` on a server's store prints each host's end
        RunEvents events = new RunEvents();
        events.publish("r1", output("a", "before\n"));
        List<RunEvents.Event> got = new CopyOnWriteArrayList<>();
        try (AutoCloseable ignored = events.subscribe("r1", got::add)) {
            events.publish("r1", output("a", "after\n"));
            events.publish("r1", new RunEvents.Event("host-finished", Map.of("host", "a", "status", "ok")));
        }
        events.publish("r1", output("a", "closed\n"));
        assertThat(got).extracting(RunEvents.Event::type).containsExactly("output", "host-finished");
        assertThat(got.getFirst().data().get("text")).isEqualTo("after\n");
    }

    @Test
    void replayAndLivePublishingNeitherOverlapNorLeaveAGap() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        RunEvents events = new RunEvents();
        int total = 2_000;
        Thread publisher = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < total; i++) {
                events.publish("r", output("h" + (i % 7), "line " + i + "\n"));
            }
        });
        List<List<Long>> seen = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            List<Long> one = new CopyOnWriteArrayList<>();
            seen.add(one);
            events.subscribe("r", random.nextInt(50), n -> one.add(n.seq()));
            Thread.sleep(random.nextInt(3));
        }
        publisher.join();
        for (List<Long> one : seen) {
            for (int i = 1; i < one.size(); i++) {
                assertThat(one.get(i)).as("seed " + seed + ": consecutive, no gap, no repeat").isEqualTo(one.get(i - 1) + 1);
            }
            assertThat(one.getLast()).as("seed " + seed).isEqualTo(total);
        }
    }

    @Test
    void aHostsOutputIsKeptUpToItsBoundAndAReplayFromBeforeTheCutSaysSo() {
        RunEvents events = new RunEvents();
        String line = "x".repeat(1023) + "\n";
        int lines = RunEventLog.OUTPUT_PER_HOST / 1024 + 10;
        for (int i = 0; i < lines; i++) {
            events.publish("r", output("noisy", line));
        }
        events.publish("r", output("quiet", "hello\n"));
        List<RunEvents.Numbered> all = events.replay("r", 0);
        assertThat(all.getFirst().event().type()).isEqualTo("output-cut");
        assertThat(all.getFirst().event().data()).containsEntry("host", "noisy");
        assertThat(all.getFirst().seq()).as("a notice has no place in the stream").isZero();
        int kept = all.stream().filter(n -> "noisy".equals(n.event().data().get("host")) && n.seq() > 0)
                .mapToInt(n -> String.valueOf(n.event().data().get("text")).length()).sum();
        assertThat(kept).isLessThanOrEqualTo(RunEventLog.OUTPUT_PER_HOST).isGreaterThan(RunEventLog.OUTPUT_PER_HOST / 2);
        assertThat(all).anySatisfy(n -> assertThat(n.event().data().get("text")).isEqualTo("hello\n"));
        // a cursor past the cut misses nothing: no notice
        long newest = all.getLast().seq();
        assertThat(events.replay("r", newest - 1)).extracting(n -> n.event().type()).containsExactly("output");
    }

    @Test
    void cursorsFromAnotherServerOrGarbageReplayEverything() {
        RunEvents here = new RunEvents();
        String id = here.id(41);
        assertThat(here.cursor(id)).isEqualTo(41);
        assertThat(here.cursor(null)).isZero();
        assertThat(here.cursor("nonsense")).isZero();
        assertThat(here.cursor(id.substring(0, id.indexOf('-') + 1) + "x")).isZero();
        assertThat(here.cursor("zz-41")).isZero();
    }

    @Test
    void aSubscriberThatNeverSawAnEventLeavesNoLogBehind() throws Exception {
        RunEvents events = new RunEvents();
        AutoCloseable sub = events.subscribe("quiet", 0, n -> { });
        assertThat(events.kept()).isEqualTo(1);
        sub.close();
        assertThat(events.kept()).isZero();
    }
}
