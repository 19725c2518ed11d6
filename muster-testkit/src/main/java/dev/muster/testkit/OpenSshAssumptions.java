package dev.muster.testkit;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * JUnit gate for tests needing real sshd: skips when the machine cannot run a fleet, but fails
 * when MUSTER_REQUIRE_SSHD=1, so CI cannot pass by silently skipping. The only class here that
 * touches JUnit (an optional dependency); the demo never loads it.
 */
public final class OpenSshAssumptions {

    static final String REQUIRE_ENV = "MUSTER_REQUIRE_SSHD";

    private OpenSshAssumptions() {
    }

    /** Skips (or fails, see class doc) unless an OpenSSH fleet can start here. */
    public static void assumeAvailable() {
        gate(OpenSshFleet.unavailableReason(), System.getenv());
    }

    /** Skips (or fails) unless hosts can have private directories (root and unshare). */
    public static void assumePerHostDirs() {
        gate(OpenSshFleet.perHostDirsUnavailableReason(), System.getenv());
    }

    static void gate(Optional<String> reason, Map<String, String> env) {
        if (reason.isEmpty()) {
            return;
        }
        if ("1".equals(env.get(REQUIRE_ENV))) {
            Assertions.fail(REQUIRE_ENV + "=1 but " + reason.get());
        }
        Assumptions.abort(reason.get());
    }
}
