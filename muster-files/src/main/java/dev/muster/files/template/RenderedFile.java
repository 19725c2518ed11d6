package dev.muster.files.template;

import dev.muster.core.Redactor;
import java.nio.charset.StandardCharsets;

/**
 * A template rendered for one host.
 *
 * @param content        the real bytes, UTF-8, to be written to the host; never print these
 * @param redactedText   the text with every line holding a secret shown as {@value SecretLines#REDACTED}:
 *                       safe for previews, logs and run records
 * @param containsSecret true when at least one line was redacted
 */
public record RenderedFile(byte[] content, String redactedText, boolean containsSecret) {

    static RenderedFile of(String text, Redactor redactor) {
        String redacted = SecretLines.redact(text, redactor);
        return new RenderedFile(text.getBytes(StandardCharsets.UTF_8), redacted, !redacted.equals(text));
    }

    /**
     * A unified diff from the host's current file to this one, safe to print: both sides are
     * redacted first (see {@link TextDiff#redactedUnified}). "" when nothing changes.
     *
     * @param current the host's current content, or null when the file does not exist yet
     */
    public String diffFrom(byte[] current, String label, Redactor redactor) {
        String oldLabel = current == null ? "/dev/null" : label;
        if (current != null && TextDiff.isBinary(current)) {
            return "Binary file " + label + " will be replaced by a text file\n";
        }
        String old = current == null ? "" : new String(current, StandardCharsets.UTF_8);
        return TextDiff.redactedUnified(old, new String(content, StandardCharsets.UTF_8), oldLabel, label,
                TextDiff.DEFAULT_CONTEXT, redactor);
    }

    @Override
    public String toString() {
        return "RenderedFile[" + content.length + " bytes, containsSecret=" + containsSecret + "]";
    }
}
