package dev.muster.server.inspect;

import java.util.Objects;

/**
 * One check on one host.
 *
 * @param check   the check's name, unique within its inspection (e.g. {@code disk_used_percent /})
 * @param status  pass, warn or fail
 * @param value   what was measured, as shown ("93.5", "active", "12"), or null when nothing was
 * @param message why it is not passing, or a short note; never raw secrets (redacted)
 */
public record CheckResult(String check, CheckStatus status, String value, String message) {
    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    CheckResult redacted(dev.muster.core.Redactor redactor) {
        // a check's name can quote its command, which can hold a secret
        return new CheckResult(redactor.redact(check), status, redactor.redact(value), redactor.redact(message));
    }
}
