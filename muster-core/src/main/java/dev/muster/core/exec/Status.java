package dev.muster.core.exec;

import dev.muster.core.Keyed;

/** The status of one host's outcome. */
public enum Status implements Keyed {
    OK, CHANGED, FAILED, UNREACHABLE, SKIPPED;

    public boolean success() {
        return this == OK || this == CHANGED;
    }
}
