package dev.muster.cli.persist;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What identifies this muster build: its jar's path, size and modification time. A rebuilt or
 * upgraded jar is another build, whose clients get a daemon of their own (the socket name holds
 * it) and which a daemon of the old build refuses ({@link PersistWire#NOT_SERVED}).
 */
final class BuildId {
    /** Set only by tests, to play a client or daemon of another build. */
    static final String PROPERTY = "muster.build";

    private static volatile String current;

    private BuildId() {
    }

    static String current() {
        String c = current;
        if (c == null) {
            String given = System.getProperty(PROPERTY);
            c = given != null && !given.isBlank() ? given : ofCode();
            current = c;
        }
        return c;
    }

    private static String ofCode() {
        try {
            Path code = Path.of(BuildId.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code + " " + Files.size(code) + " " + Files.getLastModifiedTime(code).toMillis();
        } catch (Exception e) {
            return System.getProperty("java.class.path");
        }
    }
}
