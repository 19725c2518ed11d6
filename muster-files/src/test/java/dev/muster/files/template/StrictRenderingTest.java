package dev.muster.files.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.Redactor;
import dev.muster.core.inventory.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anything undefined fails the render for that host, naming template, line, the name and the host. */
class StrictRenderingTest {
    @TempDir
    Path dir;

    private final Host web01 = Host.of("web01", "127.0.0.1", 22)
            .withVars(Map.of("db", Map.of("host", "db1"), "port", 80));

    private TemplateSource template(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return Templates.load(file);
    }

    private RenderException failure(TemplateSource t) {
        try {
            t.render(web01, FactSource.unavailable("test"), Redactor.none());
        } catch (RenderException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a RenderException, got " + e, e);
        }
        throw new AssertionError("expected the render to fail");
    }

    @Test
    void anUndefinedVariableNamesTemplateLineVariableAndHost() throws Exception {
        TemplateSource t = template("app.conf.peb", "port = {{ port }}\nworkers = {{ workers }}\n");
        RenderException e = failure(t);
        assertThat(e.template()).isEqualTo(dir.resolve("app.conf.peb").toString());
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.name()).contains("workers");
        assertThat(e.host()).isEqualTo("web01");
        assertThat(e.getMessage()).isEqualTo(dir.resolve("app.conf.peb") + ":2: undefined variable 'workers' (host web01)");
    }

    @Test
    void anUndefinedAttributeOfAMapIsAnError() throws Exception {
        RenderException e = failure(template("a.peb", "host = {{ db.host }}\nport = {{ db.port }}\n"));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.name()).contains("port");
        assertThat(e.reason()).isEqualTo("undefined attribute 'port'");
    }

    @Test
    void anUnknownFilterIsAnError() throws Exception {
        RenderException e = failure(template("a.peb", "\n{{ port | frobnicate }}\n"));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.name()).contains("frobnicate");
        assertThat(e.reason()).isEqualTo("unknown filter 'frobnicate'");
    }

    @Test
    void anUnknownFunctionIsAnError() throws Exception {
        RenderException e = failure(template("a.peb", "{{ lookup('x') }}\n"));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.name()).contains("lookup");
    }

    @Test
    void anUndefinedVariableInsideAConditionStillNamesTheVariable() throws Exception {
        RenderException e = failure(template("a.peb", "a\n{% if tls_enabled %}\ntls on\n{% endif %}\n"));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.name()).contains("tls_enabled");
        assertThat(e.reason()).isEqualTo("undefined variable 'tls_enabled'");
    }

    @Test
    void anUndefinedVariableInAnIncludedFileNamesThatFile() throws Exception {
        template("part.peb", "x\ny = {{ missing }}\n");
        RenderException e = failure(template("main.peb", "{% include \"part.peb\" %}"));
        assertThat(e.template()).isEqualTo(dir.resolve("part.peb").toString());
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.name()).contains("missing");
    }

    @Test
    void definedTestsAndDefaultsLetTemplatesHandleOptionalVariables() throws Exception {
        TemplateSource t = template("a.peb",
                "{% if workers is defined %}w={{ workers }}{% else %}no workers{% endif %}\n"
                        + "{{ db.host | default('none') }} {{ missing | default('80') }} {{ db.port | default(5432) }}\n");
        String out = new String(t.render(web01, FactSource.unavailable("test"), Redactor.none()).content());
        assertThat(out).isEqualTo("no workers\ndb1 80 5432\n");
    }
}
