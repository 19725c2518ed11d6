package dev.muster.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A misbehaviour a {@link FakeHost} can be told to show, at start or while running.
 * Several faults may be combined on one host (e.g. slow and dropping its first handshake).
 */
public sealed interface Fault {

    /** Nothing listens on the host's port: connections are refused. */
    Fault REFUSE = new Refuse();
    /** TCP connections are accepted but the SSH banner is never sent. */
    Fault HANG_BEFORE_BANNER = new HangBeforeBanner();
    /** The session is closed right after the client authenticates. */
    Fault DROP_AFTER_AUTH = new DropAfterAuth();
    /** The client key is refused. */
    Fault REJECT_AUTH = new RejectAuth();
    /** The host presents a key other than the one in the fleet's known_hosts. */
    Fault WRONG_HOST_KEY = new WrongHostKey();

    /** Every command waits this long before it runs. */
    static Fault slow(Duration delay) {
        return new Slow(delay);
    }

    /** Every command prints nothing and exits with this code. */
    static Fault exit(int code) {
        return new Exit(code);
    }

    /** The next {@code n} connections are closed during key exchange (as sshd's MaxStartups does). */
    static Fault dropFirstHandshakes(int n) {
        return new DropFirstHandshakes(n);
    }

    record Refuse() implements Fault {
    }

    record HangBeforeBanner() implements Fault {
    }

    record DropAfterAuth() implements Fault {
    }

    record RejectAuth() implements Fault {
    }

    record WrongHostKey() implements Fault {
    }

    record Slow(Duration delay) implements Fault {
        public Slow {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative: " + delay);
            }
        }
    }

    record Exit(int code) implements Fault {
        public Exit {
            if (code < 0 || code > 255) {
                throw new IllegalArgumentException("exit code must be 0..255: " + code);
            }
        }
    }

    record DropFirstHandshakes(int count) implements Fault {
        public DropFirstHandshakes {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative: " + count);
            }
        }
    }
}
