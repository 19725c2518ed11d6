package dev.muster.files.template;

import dev.muster.core.InputException;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Compiles Pebble templates for config files, once, before any host is contacted.
 *
 * <p>Settings, chosen for config files rather than HTML:
 * <ul>
 *   <li>strict variables: an undefined variable, attribute, filter or function fails the render;</li>
 *   <li>no autoescaping: values are written as they are;</li>
 *   <li>no newline trimming: every newline of the template reaches the output, including the one
 *       after {@code {{ value }}} at the end of a line (Pebble's default would join that line with the
 *       next). To keep block tags from leaving blank lines, write {@code {%- ... %}} or
 *       {@code {% ... -%}}.</li>
 * </ul>
 * Includes, extends and imports are looked up in the template's own directory (names starting
 * with {@code ./} or {@code ../} relative to the including file) and may not leave it.
 */
public final class Templates {
    private Templates() {
    }

    /**
     * Parses {@code file} and every template it includes, extends or imports by a literal name.
     *
     * @throws InputException a missing file or a syntax error, naming the file, line and what was expected
     */
    public static TemplateSource load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw InputException.in(file, "no such template file");
        }
        TemplateDirectoryLoader loader;
        try {
            loader = new TemplateDirectoryLoader(absolute.getParent());
        } catch (IOException e) {
            throw InputException.in(file, "cannot read the template directory: " + e.getMessage());
        }
        IncludeCollector includes = new IncludeCollector();
        PebbleEngine engine = new PebbleEngine.Builder()
                .loader(loader)
                .extension(includes)
                .strictVariables(true)
                .autoEscaping(false)
                .newLineTrimming(false)
                .build();
        SourceNames names = new SourceNames(file.getParent());
        String name = absolute.getFileName().toString();
        PebbleTemplate template = compile(engine, name, name, names);
        compileReferenced(engine, loader, includes, name, names);
        return new TemplateSource(names.display(name), template, names, loader.words());
    }

    private static void compileReferenced(PebbleEngine engine, TemplateDirectoryLoader loader,
                                          IncludeCollector includes, String first, SourceNames names) {
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        pending.add(first);
        seen.add(first);
        while (!pending.isEmpty()) {
            String anchor = pending.poll();
            for (String written : includes.referencedBy(anchor)) {
                String resolved = loader.resolveRelativePath(written, anchor);
                String target = resolved == null ? written : resolved;
                if (seen.add(target)) {
                    compile(engine, target, anchor, names);
                    pending.add(target);
                }
            }
        }
    }

    private static PebbleTemplate compile(PebbleEngine engine, String name, String referencedFrom, SourceNames names) {
        try {
            return engine.getTemplate(name);
        } catch (PebbleException e) {
            String where = e.getFileName() != null ? e.getFileName() : referencedFrom;
            int line = e.getLineNumber() == null ? 0 : e.getLineNumber();
            throw new InputException(names.display(where), line, 0, describe(e), e);
        }
    }

    private static String describe(PebbleException e) {
        String message = e.getPebbleMessage() == null ? e.getMessage() : e.getPebbleMessage();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }
}
