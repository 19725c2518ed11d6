package dev.muster.server.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing at the login form without letting anyone lock a user out: after
 * {@link #MAX_FAILURES} failed logins for one user name from one client address, or
 * {@link #MAX_FAILURES_PER_ADDRESS} from one address whatever the names (many users may share
 * one), within {@link #WINDOW}, further attempts from that address (for that name) are refused
 * until the oldest failure leaves the window. Failures count per name <em>and</em> address, so
 * guessing from elsewhere never stops the real user logging in from their own address; the price
 * is that an attacker with many addresses gets {@link #MAX_FAILURES} guesses per name per window
 * from each. A successful login clears the count of its name at its address.
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
        Duration a = waitFor(userAt(user, address), now, MAX_FAILURES);
        Duration b = waitFor("addr:" + address, now, MAX_FAILURES_PER_ADDRESS);
        return a.compareTo(b) >= 0 ? a : b;
    }

    void failed(String user, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) {
            failures.entrySet().removeIf(e -> prune(e.getValue(), now).isEmpty());
        }
        for (String key : new String[]{userAt(user, address), "addr:" + address}) {
            Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                times.addLast(now);
            }
        }
    }

    void succeeded(String user, String address) {
        failures.remove(userAt(user, address));
    }

    private static String userAt(String user, String address) {
        return "user:" + address + "\u0000" + user;
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
