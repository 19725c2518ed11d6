package dev.muster.core.plan;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Where;
import dev.muster.core.inventory.YamlNode;

/** Moves a selector error (column within the selector text) to its place in the plan file. */
final class Selectors {
    private Selectors() {
    }

    static InputException relocate(InputException e, YamlNode node, String what) {
        Where at = node.where();
        String message = e.getMessage();
        int column = at.column();
        if (e.source().isPresent()) {
            String prefix = e.source().get() + ":" + e.line() + (e.column() > 0 ? ":" + e.column() : "") + ": ";
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length());
            }
            if (e.column() > 0 && at.textColumn() > 0) {
                column = at.textColumn() + e.column() - 1;
            }
        }
        return new InputException(at.source(), at.line(), column, what + " " + node.describe() + ": " + message);
    }
}
