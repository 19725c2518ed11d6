package dev.muster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.core.inventory.Selector;
import dev.muster.testkit.ReferenceTool;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ansible's host patterns as selectors against Ansible's own answer (the InventoryManager behind
 * {@code ansible PATTERN --list-hosts}): colon and comma lists with {@code &} and {@code !},
 * subscripts, {@code ~regex}, globs, {@code all} and {@code ungrouped}. The inventory lists each
 * group's hosts in name order, so Ansible's file order and muster's name order agree on
 * subscripts.
 */
@Timeout(300)
class AnsiblePatternConformanceTest {
    private static final String INVENTORY = """
            lone1
            [web]
            web[01:04]
            [db]
            db1
            db2
            [prod]
            web01
            web02
            db1
            [stage:children]
            db
            """;
    static final List<String> PATTERNS = List.of("web:db", "web:&prod", "web:!web02", "web,db", "web,&prod",
            "web,!web02", "&prod:web", "web[0]", "web[1]", "web[0:1]", "web[1:]", "web[-1]", "~web0[12]", "~db.*",
            "web*:&prod", "all:!db", "ungrouped", "prod:!web[0]", "!db", "stage:&prod", "web0*", "db[0:]");

    @Test
    void ansibleHostPatternsPickWhatAnsiblePicks(@TempDir Path dir) throws Exception {
        ReferenceTool.require("ansible-inventory", "ansible");
        Path inventory = dir.resolve("hosts.ini");
        Files.writeString(inventory, INVENTORY);
        Inventory muster = new InventoryLoader().load(inventory);
        List<JsonNode> answers = ask(dir, inventory, PATTERNS);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < PATTERNS.size(); i++) {
            String pattern = PATTERNS.get(i);
            JsonNode answer = answers.get(i);
            List<String> expected = new ArrayList<>();
            answer.path("hosts").forEach(h -> expected.add(h.asText()));
            String actual;
            try {
                actual = new TreeSet<>(Selector.parse(pattern).evaluate(muster).names()).toString();
            } catch (RuntimeException e) {
                actual = "error: " + e.getMessage();
            }
            String reference = answer.has("error") ? "error: " + answer.get("error").asText()
                    : new TreeSet<>(expected).toString();
            if (!actual.equals(reference)) {
                failures.add(pattern + "\n    muster  " + actual + "\n    ansible " + reference);
            }
        }
        assertThat(failures).as("selectors that pick other hosts than Ansible's patterns:%n%s",
                String.join("\n", failures)).isEmpty();
        assertThat(HostSet.of(muster.names().names()).fold()).isEqualTo("db[1-2],lone1,web[01-04]");
        ReferenceTool cli = ReferenceTool.require("ansible", "ansible");
        for (String pattern : List.of("web:&prod", "web[1:]")) {
            ReferenceTool.Result r = cli.run(dir, "", pattern, "-i", inventory.toString(), "--list-hosts");
            List<String> listed = r.out().lines().skip(1).map(String::strip).filter(l -> !l.isEmpty()).toList();
            assertThat(new TreeSet<>(listed)).as("ansible %s --list-hosts", pattern)
                    .isEqualTo(new TreeSet<>(Selector.parse(pattern).evaluate(muster).names()));
        }
    }

    static List<JsonNode> ask(Path dir, Path inventory, List<String> patterns) throws Exception {
        ObjectMapper json = new ObjectMapper();
        StringBuilder in = new StringBuilder();
        for (String pattern : patterns) {
            in.append(json.writeValueAsString(Map.of("inventory", inventory.toString(), "pattern", pattern))).append('\n');
        }
        Path script = dir.resolve("ansible_patterns.py");
        try (InputStream res = AnsiblePatternConformanceTest.class.getResourceAsStream("ansible_patterns.py")) {
            Files.write(script, res.readAllBytes());
        }
        Path ansible = ReferenceTool.find("ansible-inventory").orElseThrow().toRealPath();
        String shebang = Files.readString(ansible).lines().findFirst().orElse("#!/usr/bin/python3");
        String python = shebang.substring(2).strip().split("\\s+")[0];
        ReferenceTool.Result r = ReferenceTool.exec(List.of(python, script.toString()), dir, in.toString(),
                Map.of("ANSIBLE_INVENTORY_UNPARSED_FAILED", "True", "ANSIBLE_NOCOLOR", "1"));
        assertThat(r.exit()).as("ansible_patterns.py: %s", r.err()).isZero();
        List<JsonNode> answers = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                answers.add(json.readTree(line));
            }
        }
        assertThat(answers).hasSize(patterns.size());
        return answers;
    }
}
