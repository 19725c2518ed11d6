package dev.muster.files.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.Redactor;
import dev.muster.core.inventory.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing up front: syntax errors are bad input with file and line; includes stay in the template directory. */
class TemplatesTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static String render(TemplateSource t, Map<String, Object> vars) throws Exception {
        Host host = Host.of("web01", "127.0.0.1", 22).withVars(vars);
        return new String(t.render(host, FactSource.unavailable("test"), Redactor.none()).content());
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() throws Exception {
        Path file = write("nginx.conf.peb", "user www;\n{% if x %}\nlisten {{ port }};\n");
        assertThatThrownBy(() -> Templates.load(file))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    assertThat(e.source()).contains(file.toString());
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.getMessage()).contains("endif");
                    assertThat(e.exitCode()).isEqualTo(2);
                });
    }

    @Test
    void anUnclosedPrintTagNamesItsLine() throws Exception {
        Path file = write("a.conf.peb", "a\nb\nc = {{ value \nd\n");
        assertThatThrownBy(() -> Templates.load(file)).isInstanceOfSatisfying(InputException.class,
                e -> assertThat(e.getMessage()).startsWith(file + ":"));
    }

    @Test
    void aMissingTemplateIsBadInput() {
        assertThatThrownBy(() -> Templates.load(dir.resolve("nope.peb")))
                .isInstanceOf(InputException.class).hasMessageContaining("nope.peb").hasMessageContaining("no such");
    }

    @Test
    void includesAreFoundBesideTheTemplateAndRelativeToTheIncludingFile() throws Exception {
        write("partials/upstream.peb", "upstream {{ name }};\n{% include \"./tail.peb\" %}");
        write("partials/tail.peb", "# tail\n");
        Path main = write("site.conf.peb", "# head\n{% include \"partials/upstream.peb\" %}");
        assertThat(render(Templates.load(main), Map.of("name", "app")))
                .isEqualTo("# head\nupstream app;\n# tail\n");
    }

    @Test
    void extendsWorksWithBlocks() throws Exception {
        write("base.peb", "[main]\n{% block body %}default{% endblock %}\n");
        Path child = write("child.peb", "{% extends \"base.peb\" %}{% block body %}port={{ port }}{% endblock %}");
        assertThat(render(Templates.load(child), Map.of("port", 8080))).isEqualTo("[main]\nport=8080\n");
    }

    @Test
    void aSyntaxErrorInAnIncludedFileIsReportedAtLoadWithThatFilesName() throws Exception {
        write("partials/bad.peb", "ok\n{% for x in xs %}\n");
        Path main = write("main.peb", "{% if true %}\n{% include \"partials/bad.peb\" %}\n{% endif %}\n");
        assertThatThrownBy(() -> Templates.load(main)).isInstanceOfSatisfying(InputException.class, e -> {
            assertThat(e.source()).contains(dir.resolve("partials/bad.peb").toString());
            assertThat(e.line()).isEqualTo(3);
        });
    }

    @Test
    void anIncludeOfAMissingFileIsBadInput() throws Exception {
        Path main = write("main.peb", "x\n{% include \"missing.peb\" %}\n");
        assertThatThrownBy(() -> Templates.load(main)).isInstanceOf(InputException.class)
                .hasMessageContaining("missing.peb");
    }

    @Test
    void includesMayNotLeaveTheTemplateDirectory() throws Exception {
        Files.writeString(dir.resolve("secret.txt"), "do not read\n");
        Path main = write("templates/main.peb", "{% include \"../secret.txt\" %}");
        assertThatThrownBy(() -> Templates.load(main)).isInstanceOf(InputException.class)
                .hasMessageContaining("outside the template directory");
    }

    @Test
    void symlinksPointingOutOfTheTemplateDirectoryAreRefused() throws Exception {
        Files.writeString(dir.resolve("secret.txt"), "do not read\n");
        Path main = write("templates/main.peb", "{% include \"link.peb\" %}");
        Files.createSymbolicLink(dir.resolve("templates/link.peb"), dir.resolve("secret.txt"));
        assertThatThrownBy(() -> Templates.load(main)).isInstanceOf(InputException.class)
                .hasMessageContaining("outside the template directory");
    }

    @Test
    void valuesAreNotEscapedAndNewlinesAfterTagsAreKept() throws Exception {
        Path file = write("app.conf.peb", "url = {{ url }}\nname = {{ name }}\n{% if on %}\nenabled\n{% endif %}\n"
                + "{% for u in ups -%}\nserver {{ u }}\n{% endfor -%}\nend\n");
        String out = render(Templates.load(file),
                Map.of("url", "http://a/?x=1&y=<2>", "name", "O'Brien \"quoted\"", "on", true,
                        "ups", java.util.List.of("a", "b")));
        assertThat(out).isEqualTo("url = http://a/?x=1&y=<2>\nname = O'Brien \"quoted\"\n\nenabled\n\n"
                + "server a\nserver b\nend\n");
    }
}
