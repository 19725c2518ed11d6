package dev.muster.files.template;

import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.loader.Loader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads templates by name relative to one directory: the directory of the template the user named.
 * Names that lead outside it ({@code ../secrets}, absolute paths, symlinks pointing out) are refused,
 * so a template cannot pull in arbitrary files of the machine muster runs on.
 */
final class TemplateDirectoryLoader implements Loader<String> {
    private final Path root;
    private final Path realRoot;
    private final java.util.Set<String> words = java.util.concurrent.ConcurrentHashMap.newKeySet();

    TemplateDirectoryLoader(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    Path root() {
        return root;
    }

    /** The file a template name stands for, or a LoaderException when it escapes the directory. */
    Path resolve(String name) {
        Path relative = Path.of(name);
        Path file = root.resolve(relative).normalize();
        if (relative.isAbsolute() || !file.startsWith(root)) {
            throw new LoaderException(null, "template '" + name + "' is outside the template directory " + root);
        }
        if (Files.exists(file)) {
            try {
                if (!file.toRealPath().startsWith(realRoot)) {
                    throw new LoaderException(null, "template '" + name + "' links outside the template directory " + root);
                }
            } catch (IOException e) {
                throw new LoaderException(e, "cannot read template '" + name + "': " + e.getMessage());
            }
        }
        return file;
    }

    /** The identifiers written in every template read so far: the names they could read. */
    java.util.Set<String> words() {
        return java.util.Set.copyOf(words);
    }

    @Override
    public Reader getReader(String name) {
        Path file = resolve(name);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            words.addAll(dev.muster.core.secret.UsesVariables.words(text));
            return new java.io.StringReader(text);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new LoaderException(e, "template '" + name + "' not found in " + root);
        } catch (IOException e) {
            throw new LoaderException(e, "cannot read template '" + name + "': " + e.getMessage());
        }
    }

    /** Names starting with ./ or ../ are relative to the including template; others to the root. */
    @Override
    public String resolveRelativePath(String relativePath, String anchorPath) {
        if (relativePath == null || anchorPath == null
                || !(relativePath.startsWith("./") || relativePath.startsWith("../"))) {
            return null;
        }
        Path anchorDir = Path.of(anchorPath).getParent();
        Path resolved = (anchorDir == null ? Path.of(relativePath) : anchorDir.resolve(relativePath)).normalize();
        return resolved.toString();
    }

    @Override
    public String createCacheKey(String templateName) {
        return Path.of(templateName).normalize().toString();
    }

    @Override
    public boolean resourceExists(String templateName) {
        return Files.isRegularFile(resolve(templateName));
    }

    @Override
    public void setCharset(String charset) {
        // Always UTF-8: config files are text in one encoding.
    }

    @Override
    public void setPrefix(String prefix) {
        throw new UnsupportedOperationException("the template directory is fixed");
    }

    @Override
    public void setSuffix(String suffix) {
        throw new UnsupportedOperationException("template names are used as written");
    }
}
