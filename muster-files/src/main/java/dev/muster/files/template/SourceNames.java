package dev.muster.files.template;

import java.nio.file.Path;

/** Turns Pebble's template names (relative to the template directory) into paths as the user wrote them. */
final class SourceNames {
    private final Path directory;

    SourceNames(Path directoryAsWritten) {
        this.directory = directoryAsWritten;
    }

    String display(String templateName) {
        if (templateName == null) {
            return directory == null ? "template" : directory.toString();
        }
        return directory == null ? templateName : directory.resolve(templateName).toString();
    }
}
