package dev.muster.probe.check;

/**
 * The result of one probe.
 *
 * @param passed     whether the check held
 * @param reason     why not, the same words for every host with the same problem (so output
 *                   folds), e.g. "status 500 (expected 2xx)"; empty when passed
 * @param latencyMs  time the probe took, or null when it could not be measured
 * @param httpStatus the HTTP status received, or null
 */
public record Probe(boolean passed, String reason, Double latencyMs, Integer httpStatus) {

    public Probe {
        reason = reason == null ? "" : reason;
    }

    public static Probe pass(Double latencyMs, Integer httpStatus) {
        return new Probe(true, "", latencyMs, httpStatus);
    }

    public static Probe fail(String reason, Double latencyMs, Integer httpStatus) {
        return new Probe(false, reason, latencyMs, httpStatus);
    }
}
