package dev.muster.files.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.Redactor;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What reaches a template: global < group < child group < host < environment < -e, plus host. */
class VariablePrecedenceTest {
    @TempDir
    Path dir;

    private static final String INVENTORY = """
            vars: {a: global, b: global, c: global, d: global, e: global, f: global}
            hosts:
              web01: {address: 10.0.0.1, port: 2222, user: deploy, labels: {role: web}, env: prod,
                      vars: {d: host, e: host, f: host}}
            groups:
              web: {hosts: [web01], children: [front], vars: {b: group, c: group, d: group, e: group, f: group}}
              front: {hosts: [web01], vars: {c: child, d: child, e: child, f: child}}
            environments:
              prod: {vars: {e: env, f: env}}
            """;

    private Host web01(Map<String, Object> extra) throws Exception {
        Path file = dir.resolve("inventory.yaml");
        Files.writeString(file, INVENTORY);
        Inventory inventory = new InventoryLoader().extraVars(extra).load(file);
        return inventory.host("web01").orElseThrow();
    }

    private String render(String template, Host host) throws Exception {
        Path file = dir.resolve("t.peb");
        Files.writeString(file, template);
        return new String(Templates.load(file).render(host, FactSource.unavailable("test"), Redactor.none()).content());
    }

    @Test
    void laterScopesWinInTheDocumentedOrder() throws Exception {
        String out = render("{{ a }} {{ b }} {{ c }} {{ d }} {{ e }} {{ f }}", web01(Map.of("f", "extra")));
        assertThat(out).isEqualTo("global group child host env extra");
    }

    @Test
    void hostDescribesNameAddressPortUserLabelsGroupsAndEnvironment() throws Exception {
        String out = render("{{ host.name }} {{ host.address }}:{{ host.port }} {{ host.user }} "
                + "{{ host.labels.role }} {{ host.groups | join(',') }} {{ host.environment }}", web01(Map.of()));
        assertThat(out).isEqualTo("web01 10.0.0.1:2222 deploy web all,web,front prod");
    }

    @Test
    void hostAndFactsWinOverInventoryVariablesOfTheSameName() throws Exception {
        Host host = web01(Map.of()).withVars(Map.of("host", "shadowed"));
        assertThat(render("{{ host.name }}", host)).isEqualTo("web01");
    }

    @Test
    void structuredValuesKeepTheirShape() throws Exception {
        Host host = web01(Map.of()).withVars(Map.of("ports", java.util.List.of(80, 443),
                "db", Map.of("name", "app", "pool", 5)));
        assertThat(render("{% for p in ports %}listen {{ p }};\n{% endfor %}{{ db.name }}/{{ db.pool + 1 }}", host))
                .isEqualTo("listen 80;\nlisten 443;\napp/6");
    }
}
