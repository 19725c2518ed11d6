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
 */
public record Entry(String path, Type type, int mode, long mtime, Content content, String link) {

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
        return new Entry(path, Type.FILE, mode, mtime, content, null);
    }

    public static Entry dir(String path, int mode) {
        return new Entry(path, Type.DIR, mode, 0, null, null);
    }

    public static Entry link(String path, String target) {
        return new Entry(path, Type.LINK, 0777, 0, null, target);
    }

    public long size() {
        return content == null ? 0 : content.size();
    }

    Entry withMode(int mode) {
        return new Entry(path, type, mode, mtime, content, link);
    }
}
