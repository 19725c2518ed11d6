package dev.muster.files.template;

import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.error.RootAttributeNotFoundException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns Pebble's evaluation errors into {@link RenderException}s worded for operators. */
final class RenderErrors {
    private static final Pattern UNKNOWN = Pattern.compile("^(Filter|Function or Macro|Test) \\[([^]]+)] does not exist");

    private RenderErrors() {
    }

    static RenderException of(PebbleException thrown, SourceNames names, String mainTemplate, String host) {
        // Pebble wraps errors inside conditions and operators; the innermost one says what really failed.
        PebbleException e = innermost(thrown);
        String template = e.getFileName() != null ? names.display(e.getFileName()) : mainTemplate;
        int line = e.getLineNumber() == null ? 0 : e.getLineNumber();
        String message = e.getPebbleMessage() == null ? String.valueOf(e.getMessage()) : e.getPebbleMessage();
        String name = null;
        String reason;
        if (e instanceof RootAttributeNotFoundException r && message.startsWith("Root attribute")) {
            name = r.getAttributeName();
            reason = "undefined variable '" + name + "'";
        } else if (e instanceof RootAttributeNotFoundException r) {
            name = r.getAttributeName();
            reason = "attribute '" + name + "' of an empty (null) value";
        } else if (e instanceof AttributeNotFoundException a) {
            name = a.getAttributeName();
            reason = "undefined attribute '" + name + "'";
        } else {
            Matcher unknown = UNKNOWN.matcher(message);
            if (unknown.find()) {
                name = unknown.group(2);
                reason = switch (unknown.group(1)) {
                    case "Filter" -> "unknown filter '" + name + "'";
                    case "Test" -> "unknown test '" + name + "'";
                    default -> "unknown function or macro '" + name + "'";
                };
            } else {
                reason = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
            }
        }
        return new RenderException(template, line, name, host, reason, thrown);
    }

    private static PebbleException innermost(PebbleException e) {
        PebbleException deepest = e;
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof PebbleException p) {
                deepest = p;
            }
        }
        return deepest;
    }
}
