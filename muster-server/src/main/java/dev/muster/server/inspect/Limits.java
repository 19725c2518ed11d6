package dev.muster.server.inspect;

/**
 * Warn and fail thresholds for a number where more is worse (disk use, error lines): at or above
 * {@code fail} fails, else at or above {@code warn} warns, else passes. Either may be absent.
 */
public record Limits(Double warn, Double fail) {
    public Limits {
        if (warn == null && fail == null) {
            throw new IllegalArgumentException("give warn, fail or both");
        }
    }

    public CheckStatus judge(double value) {
        if (fail != null && value >= fail) {
            return CheckStatus.FAIL;
        }
        if (warn != null && value >= warn) {
            return CheckStatus.WARN;
        }
        return CheckStatus.PASS;
    }

    /** "≥ 95 fails" style words for messages, naming the limit that was crossed. */
    String crossed(CheckStatus status) {
        return switch (status) {
            case FAIL -> "at or above the fail limit " + Numbers.text(fail);
            case WARN -> "at or above the warn limit " + Numbers.text(warn);
            case PASS -> "";
        };
    }
}
