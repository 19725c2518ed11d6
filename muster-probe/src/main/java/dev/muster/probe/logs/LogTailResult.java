package dev.muster.probe.logs;

import java.time.Duration;
import java.util.List;

/**
 * The end of a {@code muster logs} session.
 *
 * @param hosts          one entry per host, in the order given
 * @param lines          lines shown in total
 * @param stoppedAtLimit the line limit was reached and everything was stopped
 * @param interrupted    stopped by the user (Ctrl-C)
 * @param duration       wall time
 */
public record LogTailResult(List<HostLog> hosts, long lines, boolean stoppedAtLimit, boolean interrupted,
                            Duration duration) {

    public LogTailResult {
        hosts = List.copyOf(hosts);
    }

    public long failed() {
        return hosts.stream().filter(h -> !h.ok()).count();
    }

    /** 130 when interrupted, 1 when some host failed, else 0 (also when stopped at the line limit). */
    public int exitCode() {
        if (interrupted) {
            return 130;
        }
        return failed() > 0 ? 1 : 0;
    }
}
