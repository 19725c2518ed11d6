package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VarPrecedenceTest {
    private static final String INVENTORY = """
            vars: {x: global, g: global, h: global, e: global, c: global}
            secrets: [password]
            hosts:
              h1: {env: prod, vars: {x: host, h: host, e: host}}
              h2: {}
            groups:
              zeta: {hosts: [h1, h2], vars: {x: zeta, g: zeta, u: zeta}}
              alpha: {hosts: [h1, h2], vars: {x: alpha, g: alpha, u: alpha}}
              zparent: {children: [achild], vars: {c: parent, password: from-group}}
              achild: {hosts: [h1], vars: {c: child}}
            environments:
              prod: {vars: {x: env, e: env}}
            """;

    private Host host(Map<String, Object> extra, String name) {
        return new InventoryLoader().extraVars(extra).loadText("p.yaml", INVENTORY).host(name).orElseThrow();
    }

    @Test
    void unrelatedGroupsApplyAlphabetically() {
        assertThat(host(Map.of(), "h2").vars()).containsEntry("u", "zeta").containsEntry("g", "zeta");
    }

    @Test
    void childGroupWinsOverParentWhateverTheNames() {
        assertThat(host(Map.of(), "h1").vars()).containsEntry("c", "child");
        assertThat(host(Map.of(), "h1").groups()).containsExactly("all", "alpha", "zeta", "zparent", "achild");
    }

    @Test
    void hostWinsOverGroupsAndEnvironmentWinsOverHost() {
        Host h1 = host(Map.of(), "h1");
        assertThat(h1.vars()).containsEntry("h", "host").containsEntry("e", "env").containsEntry("x", "env");
    }

    @Test
    void extraVarsWinOverEnvironment() {
        assertThat(host(Map.of("x", "cli"), "h1").vars()).containsEntry("x", "cli").containsEntry("e", "env");
    }

    @Test
    void globalVarsAreTheFallback() {
        assertThat(host(Map.of(), "h2").vars()).containsEntry("h", "global").containsEntry("e", "global");
    }

    @Test
    void namedSecretsAreMaskedWhereverTheyAreSet() {
        Inventory inventory = new InventoryLoader().extraVars(Map.of("password", "from-cli"))
                .loadText("p.yaml", INVENTORY);
        assertThat(inventory.redactor().redact("a from-group b from-cli")).isEqualTo("a **** b ****");
    }
}
