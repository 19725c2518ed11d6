package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** A test that times out leaves a thread dump, virtual threads included, in its output. */
class ThreadDumpOnTimeoutTest {
    private static volatile boolean launchedHere;

    @Test
    void aTimedOutTestPrintsEveryThreadIncludingVirtualOnesBeforeItIsInterrupted() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(WaitsPastItsTimeout.class)).build();
        launchedHere = true;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            LauncherFactory.create().execute(request, summary);
        } finally {
            System.setOut(stdout);
            launchedHere = false;
        }

        assertThat(summary.getSummary().getTotalFailureCount()).isEqualTo(1);
        assertThat(summary.getSummary().getFailures().get(0).getException())
                .hasMessageContaining("timed out after 1 second");
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("Timed out: ", "about to interrupt thread 'main'",
                "virtual-thread-waiting-on-a-latch", "WaitsPastItsTimeout.waitsForEver");
    }

    /** Run only by the test above (the launcher it starts reads this module's junit-platform.properties). */
    static class WaitsPastItsTimeout {
        @Test
        @Timeout(1)
        void waitsForEver() throws InterruptedException {
            Assumptions.assumeTrue(launchedHere, "run by ThreadDumpOnTimeoutTest only");
            CountDownLatch never = new CountDownLatch(1);
            Thread parked = Thread.ofVirtual().name("virtual-thread-waiting-on-a-latch").start(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                never.await();
            } finally {
                parked.interrupt();
            }
        }
    }
}
