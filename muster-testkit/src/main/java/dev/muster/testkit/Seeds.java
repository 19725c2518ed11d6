package dev.muster.testkit;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seeds for generated cases: a fixed one (the same cases every run) and a fresh random one
 * (new cases every run). A failure names its seed; {@code -Dmuster.seed=N} replays it alone.
 */
public final class Seeds {
    public static final long FIXED = 14;
    /** For {@code @ParameterizedTest @MethodSource(Seeds.FIXED_AND_RANDOM) void test(long seed)}. */
    public static final String FIXED_AND_RANDOM = "dev.muster.testkit.Seeds#fixedAndRandom";

    private Seeds() {
    }

    public static List<Long> fixedAndRandom() {
        String pinned = System.getProperty("muster.seed");
        if (pinned != null && !pinned.isBlank()) {
            return List.of(Long.parseLong(pinned.strip()));
        }
        return List.of(FIXED, ThreadLocalRandom.current().nextLong());
    }

    public static String replay(long seed) {
        return "seed " + seed + " (replay with -Dmuster.seed=" + seed + ")";
    }
}
