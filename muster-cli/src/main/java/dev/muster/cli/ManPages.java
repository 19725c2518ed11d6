package dev.muster.cli;

import dev.muster.cli.command.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes muster's man pages (troff, section 1) from the picocli command definitions: muster(1)
 * and one page per command and subcommand (muster-run(1), muster-vault-encrypt(1), ...), with
 * every option, its parameter and its default. Run at package time by dist/build.sh:
 * {@code java -cp muster.jar dev.muster.cli.ManPages DIR}.
 */
public final class ManPages {
    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ManPages DIR");
            System.exit(ExitCodes.BAD_INPUT);
        }
        List<Path> written = write(Path.of(args[0]));
        System.out.println(written.size() + " man pages in " + args[0]);
    }

    /** Writes every page into dir; returns the files written. */
    static List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        CommandLine root = MusterCommand.full();
        String footer = "muster " + version();
        List<Path> out = new ArrayList<>();
        write(root, dir, footer, root, out);
        return out;
    }

    private static void write(CommandLine cmd, Path dir, String source, CommandLine root, List<Path> out)
            throws IOException {
        Path file = dir.resolve(pageName(cmd.getCommandSpec()) + ".1");
        Files.writeString(file, page(cmd, source, root), StandardCharsets.UTF_8);
        out.add(file);
        for (CommandLine sub : visibleSubcommands(cmd).values()) {
            write(sub, dir, source, root, out);
        }
    }

    /** "muster", "muster-run", "muster-vault-encrypt". */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    static String page(CommandLine cmd, String source, CommandLine root) {
        CommandSpec spec = cmd.getCommandSpec();
        StringBuilder m = new StringBuilder();
        String name = pageName(spec);
        String date = Version.TEXT.replaceAll(".*built (\\d{4}-\\d\\d-\\d\\d).*", "$1");
        m.append(".TH ").append(quote(name.toUpperCase(java.util.Locale.ROOT))).append(" 1 ")
                .append(quote(date.startsWith("muster") ? "" : date)).append(' ').append(quote(source))
                .append(' ').append(quote("muster manual")).append('\n');
        m.append(".SH NAME\n").append(text(name)).append(" \\- ").append(text(firstLine(spec))).append('\n');

        m.append(".SH SYNOPSIS\n.nf\n");
        String synopsis = cmd.getHelp().synopsis(0).replaceAll("\u001B\\[[;\\d]*m", "").stripTrailing();
        for (String line : synopsis.split("\n")) {
            m.append(text(line)).append('\n');
        }
        m.append(".fi\n");

        List<String> description = lines(spec.usageMessage().description());
        if (!description.isEmpty()) {
            m.append(".SH DESCRIPTION\n");
            paragraphs(m, description);
        }

        Map<String, CommandLine> subs = visibleSubcommands(cmd);
        if (!subs.isEmpty()) {
            m.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
                m.append(".TP\n.B ").append(text(e.getKey())).append('\n')
                        .append(text(firstLine(e.getValue().getCommandSpec()))).append(" See \\fB")
                        .append(text(pageName(e.getValue().getCommandSpec()))).append("\\fR(1).\n");
            }
        }

        List<PositionalParamSpec> positionals = spec.positionalParameters().stream()
                .filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            m.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                m.append(".TP\n\\fI").append(text(p.paramLabel())).append("\\fR\n");
                argument(m, p);
            }
        }

        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            m.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                m.append(".TP\n");
                List<String> names = new ArrayList<>();
                for (String n : o.names()) {
                    names.add("\\fB" + text(n) + "\\fR");
                }
                m.append(String.join(", ", names));
                if (o.arity().max() > 0) {
                    m.append("=\\fI").append(text(o.paramLabel())).append("\\fR");
                }
                m.append('\n');
                argument(m, o);
            }
        }

        List<String> footer = lines(spec.usageMessage().footer());
        if (!footer.isEmpty()) {
            String heading = String.join("", spec.usageMessage().footerHeading()).replace("%n", "").strip();
            heading = heading.endsWith(":") ? heading.substring(0, heading.length() - 1) : heading;
            m.append(".SH ").append(quote(heading.isEmpty() ? "NOTES" : heading.toUpperCase(java.util.Locale.ROOT)))
                    .append('\n').append(".nf\n");
            for (String line : footer) {
                m.append(text(line)).append('\n');
            }
            m.append(".fi\n");
        }

        m.append(".SH SEE ALSO\n");
        List<String> see = new ArrayList<>();
        if (spec.parent() != null) {
            see.add("\\fB" + text(pageName(spec.parent())) + "\\fR(1)");
        }
        if (spec.parent() != null && spec.parent().parent() != null) {
            see.add("\\fB" + text(pageName(spec.root())) + "\\fR(1)");
        }
        see.add("the manual in docs/ of the muster sources");
        m.append(String.join(", ", see)).append('\n');
        return m.toString();
    }

    private static void argument(StringBuilder m, ArgSpec a) {
        List<String> description = new ArrayList<>();
        String def0 = defaultOf(a);
        List<String> candidates = new ArrayList<>();
        if (a.completionCandidates() != null) {
            a.completionCandidates().forEach(candidates::add);
        }
        for (String l : lines(a.description())) {
            description.add(l.replace("${DEFAULT-VALUE}", String.valueOf(def0))
                    .replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates)));
        }
        paragraphs(m, description);
        String shown = String.join(" ", description);
        String def = defaultOf(a);
        if (def != null && !shown.contains("Default: " + def) && !shown.contains("default " + def)) {
            m.append(description.isEmpty() ? "" : ".br\n").append("Default: ").append(text(def)).append('\n');
        }
    }

    /** The default a user gets without muster.yaml: the declared default, else the field's initial value. */
    static String defaultOf(ArgSpec a) {
        String d = a.defaultValue();
        if (d == null) {
            Object initial = a.initialValue();
            if (initial == null || initial instanceof java.util.Collection<?> c && c.isEmpty()
                    || initial instanceof java.util.Map<?, ?> mp && mp.isEmpty()) {
                return null;
            }
            d = String.valueOf(initial);
        }
        return d.equals(CommandLine.Option.NULL_VALUE) ? null : d;
    }

    private static Map<String, CommandLine> visibleSubcommands(CommandLine cmd) {
        Map<String, CommandLine> subs = new java.util.LinkedHashMap<>();
        cmd.getSubcommands().forEach((n, c) -> {
            // picocli lists aliases under their own names too: keep the command's own name once
            if (!c.getCommandSpec().usageMessage().hidden() && n.equals(c.getCommandName())) {
                subs.put(n, c);
            }
        });
        return subs;
    }

    private static String firstLine(CommandSpec spec) {
        List<String> d = lines(spec.usageMessage().description());
        return d.isEmpty() ? spec.name() : d.get(0).split("(?<=\\.) ")[0];
    }

    /** picocli description text: %n is a line break, %% a percent sign, ${...} interpolated already. */
    private static List<String> lines(String[] parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            for (String l : p.split("%n", -1)) {
                out.add(l.replace("%%", "%"));
            }
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static void paragraphs(StringBuilder m, List<String> lines) {
        boolean first = true;
        for (String l : lines) {
            if (l.isBlank()) {
                m.append(".sp\n");
                continue;
            }
            if (!first) {
                m.append(".br\n");
            }
            m.append(text(l.strip())).append('\n');
            first = false;
        }
    }

    /** Escapes text for troff: backslashes, hyphens, and control characters at a line start. */
    static String text(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        if (t.startsWith(".") || t.startsWith("'")) {
            t = "\\&" + t;
        }
        return t;
    }

    private static String quote(String s) {
        return "\"" + text(s).replace("\"", "\\(dq") + "\"";
    }

    private static String version() {
        return Version.TEXT.replaceAll("^muster (\\S+).*", "$1");
    }
}
