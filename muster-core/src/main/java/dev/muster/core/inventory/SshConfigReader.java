package dev.muster.core.inventory;

import dev.muster.core.InputException;
import dev.muster.core.RunException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns ssh_config text into lines, as ssh reads them: {@code keyword args} or
 * {@code keyword=args}, double quotes grouping, {@code #} comments; {@code Host} and
 * {@code Match} lines, and {@code Include} read at once (ssh's rule for a user's config: a
 * relative path is under ~/.ssh; globs allowed; missing files skipped).
 */
final class SshConfigReader {
    private static final Set<String> VALIDATED = Set.of("port", "connecttimeout");
    private static final Set<String> NO_ARGUMENT = Set.of("all", "canonical", "final");
    private static final Set<String> WITH_ARGUMENT = Set.of("host", "originalhost", "user", "localuser", "exec");
    private static final int MAX_INCLUDE_DEPTH = 16;

    private final Path home;
    private int depth;

    private SshConfigReader(Path home) {
        this.home = home;
    }

    static List<SshConfig.Node> read(Path path, Path home) {
        return new SshConfigReader(home).readFile(path);
    }

    static List<SshConfig.Node> read(String text, String source, Path home) {
        return new SshConfigReader(home).readText(text, source);
    }

    private List<SshConfig.Node> readFile(Path path) {
        try {
            return readText(Files.readString(path), path.toString());
        } catch (IOException e) {
            throw new RunException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private List<SshConfig.Node> readText(String text, String source) {
        List<SshConfig.Node> nodes = new ArrayList<>();
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
            String keyword = line.substring(0, keyEnd).toLowerCase(Locale.ROOT);
            int argStart = keyEnd;
            while (argStart < line.length() && Character.isWhitespace(line.charAt(argStart))) {
                argStart++;
            }
            if (argStart < line.length() && line.charAt(argStart) == '=') {
                argStart++;
                while (argStart < line.length() && Character.isWhitespace(line.charAt(argStart))) {
                    argStart++;
                }
            }
            int column = lines[i].indexOf(line) + argStart + 1;
            List<String> args = arguments(line.substring(argStart), source, i + 1, column);
            SshConfig.Option option = new SshConfig.Option(keyword, args, source, i + 1, column);
            if (args.isEmpty()) {
                throw option.error(keyword + " needs a value");
            }
            switch (keyword) {
                case "host" -> nodes.add(new SshConfig.HostLine(List.copyOf(args)));
                case "match" -> nodes.add(match(option));
                case "include" -> nodes.add(include(option));
                default -> {
                    validate(option);
                    nodes.add(option);
                }
            }
        }
        return nodes;
    }

    /** {@code Match [!]criterion [argument] ...}; ssh's criteria, {@code all} alone. */
    private static SshConfig.MatchLine match(SshConfig.Option line) {
        List<SshConfig.Criterion> criteria = new ArrayList<>();
        List<String> args = line.args();
        for (int k = 0; k < args.size(); k++) {
            String word = args.get(k);
            boolean negated = word.startsWith("!");
            String name = (negated ? word.substring(1) : word).toLowerCase(Locale.ROOT);
            if (NO_ARGUMENT.contains(name)) {
                criteria.add(new SshConfig.Criterion(name, negated, null));
            } else if (WITH_ARGUMENT.contains(name)) {
                if (k + 1 >= args.size()) {
                    throw line.error("Match " + name + " needs an argument");
                }
                criteria.add(new SshConfig.Criterion(name, negated, args.get(++k)));
            } else {
                throw line.error("unsupported Match criterion '" + word
                        + "'; allowed: all, canonical, final, host, originalhost, user, localuser, exec");
            }
        }
        boolean all = criteria.stream().anyMatch(c -> c.name().equals("all"));
        if (all && criteria.stream().anyMatch(c -> !NO_ARGUMENT.contains(c.name()))) {
            throw line.error("Match all cannot be combined with other criteria (but canonical and final)");
        }
        return new SshConfig.MatchLine(List.copyOf(criteria));
    }

    private SshConfig.Include include(SshConfig.Option line) {
        if (++depth > MAX_INCLUDE_DEPTH) {
            throw line.error("Include nested more than " + MAX_INCLUDE_DEPTH + " deep");
        }
        List<List<SshConfig.Node>> files = new ArrayList<>();
        for (String file : line.args()) {
            Path path = file.startsWith("~/") ? home.resolve(file.substring(2))
                    : file.startsWith("/") ? Path.of(file) : home.resolve(".ssh").resolve(file);
            for (Path match : glob(path)) {
                files.add(readFile(match));
            }
        }
        depth--;
        return new SshConfig.Include(files);
    }

    private static void validate(SshConfig.Option option) {
        if (VALIDATED.contains(option.keyword())) {
            if (option.keyword().equals("port")) {
                SshConfig.port(option);
            } else {
                SshConfig.timeout(option);
            }
        }
    }

    /** Missing include files are skipped, as ssh does; a glob may sit in the file name. */
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
