package dev.muster.core;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A file written whole beside its place and moved over it, so a reader never sees half of it. */
public final class AtomicReplace {
    private AtomicReplace() {
    }

    /** Moves {@code written} over {@code file}: atomically where the file system can, else a plain replace. */
    public static void move(Path written, Path file) throws IOException {
        try {
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
