package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The man pages the release archive ships: one per command, every option with its default, and they render. */
class ManPagesTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandHasAPageListingEveryOptionWithItsDefault() throws Exception {
        List<Path> written = ManPages.write(dir);
        List<CommandLine> commands = new ArrayList<>();
        collect(MusterCommand.full(), commands);
        assertThat(written).hasSize(commands.size());
        assertThat(dir.resolve("muster.1")).exists();
        assertThat(dir.resolve("muster-run.1")).exists();
        assertThat(dir.resolve("muster-vault-encrypt-string.1")).exists();
        assertThat(dir.resolve("muster-train.1")).as("hidden commands have no page").doesNotExist();
        int defaults = 0;
        for (CommandLine c : commands) {
            Path page = dir.resolve(ManPages.pageName(c.getCommandSpec()) + ".1");
            String text = Files.readString(page);
            assertThat(text).startsWith(".TH ").contains(".SH NAME\n", ".SH SYNOPSIS\n");
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.hidden()) {
                    continue;
                }
                String entry = entryOf(text, "\\fB" + ManPages.text(o.longestName()) + "\\fR");
                assertThat(entry).as("%s lists %s", page.getFileName(), o.longestName()).isNotNull();
                String def = ManPages.defaultOf(o);
                if (def != null) {
                    assertThat(entry).as("%s gives the default of %s", page.getFileName(), o.longestName())
                            .contains(ManPages.text(def));
                    defaults++;
                }
            }
        }
        assertThat(defaults).as("options with a default").isGreaterThan(50);
        String run = Files.readString(dir.resolve("muster-run.1"));
        assertThat(run).contains("\\fB\\-f\\fR, \\fB\\-\\-forks\\fR=\\fIN\\fR").contains("Default: 50");
        String root = Files.readString(dir.resolve("muster.1"));
        assertThat(root).contains(".SH COMMANDS\n", "\\fBmuster\\-run\\fR(1)", ".SH \"EXIT CODES\"");
    }

    @Test
    void thePagesRenderWithManAndGroffFindsNothingToWarnAbout() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/man")) && Files.isExecutable(Path.of("/usr/bin/groff")),
                "man and groff are not installed");
        ManPages.write(dir);
        for (String name : List.of("muster.1", "muster-run.1", "muster-push.1", "muster-vault-encrypt.1")) {
            Path page = dir.resolve(name);
            ProcessBuilder man = new ProcessBuilder("man", "-l", page.toString()).redirectErrorStream(true);
            man.environment().put("MANPAGER", "cat");
            man.environment().put("MANWIDTH", "100");
            String shown = run(man);
            assertThat(shown).as(name).contains("NAME", "SYNOPSIS", "OPTIONS");
            String warnings = run(new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", page.toString())
                    .redirectErrorStream(true));
            assertThat(warnings).as("groff warnings for " + name).isEmpty();
        }
    }

    private static String run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** The text of the .TP entry whose tag line contains the given option name, or null. */
    private static String entryOf(String page, String name) {
        for (String entry : page.split("\n\\.TP\n")) {
            String tag = entry.lines().findFirst().orElse("");
            if (tag.contains(name + ",") || tag.contains(name + "=") || tag.equals(name) || tag.endsWith(name)) {
                return entry.split("\n\\.S[HS] ")[0];
            }
        }
        return null;
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        into.add(c);
        c.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && name.equals(sub.getCommandName())) {
                collect(sub, into);
            }
        });
    }
}
