package dev.muster.server.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing at the login form: after {@link #MAX_FAILURES} failed logins for one
 * user name, or {@link #MAX_FAILURES_PER_ADDRESS} from one client address (many users may share
 * one), within {@link #WINDOW}, further attempts for it are refused until the oldest failure
 * leaves the window. A successful login clears its user's count.
 * Kept in memory: a restart forgets, which costs an attacker a restart per window.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final int MAX_FAILURES_PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);
    /** Keys tracked at most, so a flood of made-up names cannot grow memory without bound. */
    private static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long until {@code user} from {@code address} may try again, or zero when it may now. */
    Duration wait(String user, String address) {
        Instant now = clock.instant();
        Duration a = waitFor("user:" + user, now, MAX_FAILURES);
        Duration b = waitFor("addr:" + address, now, MAX_FAILURES_PER_ADDRESS);
        return a.compareTo(b) >= 0 ? a : b;
    }

    void failed(String user, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) {
            failures.entrySet().removeIf(e -> prune(e.getValue(), now).isEmpty());
        }
        for (String key : new String[]{"user:" + user, "addr:" + address}) {
            Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                times.addLast(now);
            }
        }
    }

    void succeeded(String user) {
        failures.remove("user:" + user);
    }

    private Duration waitFor(String key, Instant now, int max) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < max) {
                return Duration.ZERO;
            }
            return Duration.between(now, times.toArray(new Instant[0])[times.size() - max].plus(WINDOW));
        }
    }

    private static Deque<Instant> prune(Deque<Instant> times, Instant now) {
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
                times.removeFirst();
            }
            return times;
        }
    }
}
