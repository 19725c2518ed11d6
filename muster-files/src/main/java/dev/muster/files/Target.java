package dev.muster.files;

import java.util.List;

/**
 * Where entries go on a host.
 *
 * @param root    the top directory on the host (absolute)
 * @param tree    true when {@code root} is managed as a whole (a directory push: listed
 *                recursively, deletions possible); false for single files placed in it
 * @param entries paths relative to {@code root}
 */
public record Target(String root, boolean tree, List<Entry> entries) {

    public Target {
        entries = List.copyOf(entries);
        if (!root.startsWith("/")) {
            throw new IllegalArgumentException("remote paths must be absolute: " + root);
        }
        while (root.length() > 1 && root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
    }

    /** The absolute remote path of an entry path. */
    public String path(String relative) {
        return root.equals("/") ? "/" + relative : root + "/" + relative;
    }
}
