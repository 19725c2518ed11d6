package dev.muster.files;

import java.util.Objects;

/**
 * One thing to put on a host, at a path relative to the push's top directory.
 *
 * @param path    '/'-separated, relative, never empty
 * @param type    file, directory or symlink
 * @param mode    permission bits (e.g. 0644), ignored for symlinks
 * @param mtime   modification time in seconds (files), kept on the host so the next push's
 *                size-and-time check is cheap
 * @param content the bytes of a file, else null
 * @param link    a symlink's target, else null
 * @param racy    the file was modified so recently when it was read that it may still be rewritten
 *                within the same second, at the same size: its size and time cannot vouch for its
 *                content (git's "racily clean" entries), see {@link #hostMtime()}
 */
public record Entry(String path, Type type, int mode, long mtime, Content content, String link, boolean racy) {

    public enum Type {
        FILE('f'), DIR('d'), LINK('l');

        final char code;

        Type(char code) {
            this.code = code;
        }

        static Type of(char code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    public Entry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        if (type == Type.FILE) {
            Objects.requireNonNull(content, "a file needs content");
        }
        if (type == Type.LINK) {
            Objects.requireNonNull(link, "a symlink needs a target");
        }
    }

    public static Entry file(String path, int mode, long mtime, Content content) {
        return new Entry(path, Type.FILE, mode, mtime, content, null, false);
    }

    public static Entry dir(String path, int mode) {
        return new Entry(path, Type.DIR, mode, 0, null, null, false);
    }

    public static Entry link(String path, String target) {
        return new Entry(path, Type.LINK, 0777, 0, null, target, false);
    }

    /**
     * The time a push gives the host's copy: the local time, except for a {@link #racy} file, whose
     * copy gets one second less. A later rewrite of the local file within the same second, at the
     * same size, then still differs from the host's copy in time, so the next push compares content
     * instead of trusting size and time (git "smudges" racily clean index entries the same way);
     * once the file has settled, a push finds the content equal and sets the real time, silently.
     */
    public long hostMtime() {
        return racy ? mtime - 1 : mtime;
    }

    /** This entry, marked {@link #racy} or not. */
    public Entry withRacy(boolean racy) {
        return new Entry(path, type, mode, mtime, content, link, racy);
    }

    public long size() {
        return content == null ? 0 : content.size();
    }

    Entry withMode(int mode) {
        return new Entry(path, type, mode, mtime, content, link, racy);
    }
}
