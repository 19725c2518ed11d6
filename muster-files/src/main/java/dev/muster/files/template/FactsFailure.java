package dev.muster.files.template;

/**
 * Carries a failure to gather facts (host unreachable, interrupted) out through Pebble, which
 * only lets unchecked exceptions pass; {@link TemplateSource} unwraps it again.
 */
final class FactsFailure extends RuntimeException {
    FactsFailure(Exception cause) {
        super(cause.getMessage(), cause, false, false);
    }
}
