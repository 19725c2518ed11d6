package dev.muster.core.exec;

/** The status of one host's outcome. */
public enum Status {
    OK, CHANGED, FAILED, UNREACHABLE, SKIPPED;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean success() {
        return this == OK || this == CHANGED;
    }
}
