package dev.muster.core.inventory;

import dev.muster.core.InputException;
import dev.muster.core.RunException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns ssh_config text into entries tagged with the Host patterns they sit under. */
final class SshConfigReader {
    private static final Set<String> VALIDATED = Set.of("port", "connecttimeout");
    private static final int MAX_INCLUDE_DEPTH = 16;

    private final List<SshConfig.Entry> entries = new ArrayList<>();
    private int depth;

    private SshConfigReader() {
    }

    static List<SshConfig.Entry> read(Path path) {
        SshConfigReader reader = new SshConfigReader();
        reader.readFile(path, List.of("*"));
        return reader.entries;
    }

    static List<SshConfig.Entry> read(String text, String source, Path baseDir) {
        SshConfigReader reader = new SshConfigReader();
        reader.readText(text, source, baseDir, List.of("*"));
        return reader.entries;
    }

    private List<String> readFile(Path path, List<String> patterns) {
        try {
            return readText(Files.readString(path), path.toString(), path.toAbsolutePath().getParent(), patterns);
        } catch (IOException e) {
            throw new RunException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Returns the patterns in force at the end, so an Include can open a Host block. */
    private List<String> readText(String text, String source, Path baseDir, List<String> patterns) {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int keyEnd = 0;
            while (keyEnd < line.length() && !Character.isWhitespace(line.charAt(keyEnd)) && line.charAt(keyEnd) != '=') {
                keyEnd++;
            }
            String keyword = line.substring(0, keyEnd).toLowerCase();
            int argStart = keyEnd;
            while (argStart < line.length() && (Character.isWhitespace(line.charAt(argStart)) || line.charAt(argStart) == '=')) {
                argStart++;
            }
            int column = lines[i].indexOf(line) + argStart + 1;
            List<String> args = arguments(line.substring(argStart), source, i + 1, column);
            if (args.isEmpty()) {
                throw new InputException(source, i + 1, column, keyword + " needs a value");
            }
            switch (keyword) {
                case "host" -> {
                    patterns = List.copyOf(args);
                    entries.add(new SshConfig.Entry(patterns, keyword, patterns, source, i + 1, column));
                }
                case "match" -> patterns = null;
                case "include" -> patterns = include(args, baseDir, patterns, source, i + 1, column);
                default -> {
                    SshConfig.Entry entry = new SshConfig.Entry(patterns, keyword, args, source, i + 1, column);
                    validate(entry);
                    entries.add(entry);
                }
            }
        }
        return patterns;
    }

    private static void validate(SshConfig.Entry entry) {
        if (VALIDATED.contains(entry.keyword())) {
            if (entry.keyword().equals("port")) {
                SshConfig.port(entry);
            } else {
                SshConfig.timeout(entry);
            }
        }
    }

    private List<String> include(List<String> files, Path baseDir, List<String> patterns, String source, int line, int column) {
        if (++depth > MAX_INCLUDE_DEPTH) {
            throw new InputException(source, line, column, "Include nested more than " + MAX_INCLUDE_DEPTH + " deep");
        }
        for (String file : files) {
            String expanded = file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file;
            Path path = baseDir == null ? Path.of(expanded) : baseDir.resolve(expanded);
            for (Path match : glob(path)) {
                patterns = readFile(match, patterns);
            }
        }
        depth--;
        return patterns;
    }

    /** Missing include files are skipped, as ssh does. */
    private static List<Path> glob(Path path) {
        String name = path.getFileName().toString();
        if (!Names.isGlob(name)) {
            return Files.isRegularFile(path) ? List.of(path) : List.of();
        }
        List<Path> out = new ArrayList<>();
        if (path.getParent() != null && Files.isDirectory(path.getParent())) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(path.getParent(), name)) {
                dir.forEach(p -> {
                    if (Files.isRegularFile(p)) {
                        out.add(p);
                    }
                });
            } catch (IOException e) {
                throw new RunException("cannot list " + path.getParent() + ": " + e.getMessage(), e);
            }
        }
        out.sort(null);
        return out;
    }

    /** Whitespace-separated arguments; double quotes group, a trailing # comment ends the line. */
    private static List<String> arguments(String text, String source, int line, int column) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (any) {
                    out.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else if (!quoted && c == '#' && !any) {
                break;
            } else {
                current.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new InputException(source, line, column, "unclosed quote");
        }
        if (any) {
            out.add(current.toString());
        }
        return out;
    }
}
