package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.inventory.HostSet;
import dev.muster.core.inventory.InventoryLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryWriterTest {

    @Test
    void writesTheNativeFormatOnOneLinePerHost() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("role", "web");
        labels.put("dc", "fra");
        String yaml = InventoryWriter.render(
                List.of(new InventoryHost("web01", "127.0.1.1", 2222, "muster", labels, "prod"),
                        new InventoryHost("web02", "127.0.1.2", 2222, "muster", Map.of(), null)),
                Map.of("web", List.of("web01", "web02")));
        assertThat(yaml).isEqualTo("""
                hosts:
                  web01: {address: 127.0.1.1, port: 2222, user: muster, labels: {role: web, dc: fra}, env: prod}
                  web02: {address: 127.0.1.2, port: 2222, user: muster}
                groups:
                  web: {hosts: ["web[01-02]"]}
                """);
    }

    @Test
    void quotesValuesYamlWouldReadAsSomethingElse() throws Exception {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("canary", "yes");
        labels.put("tier", "1");
        labels.put("note", "a: b, \"c\"");
        labels.put("version", "1.10");
        String yaml = InventoryWriter.render(List.of(new InventoryHost("h1", "127.0.0.1", 22, "root", labels, "null")),
                Map.of());
        JsonNode host = new ObjectMapper(new YAMLFactory()).readTree(yaml).get("hosts").get("h1");
        assertThat(host.get("labels").get("canary").isTextual()).isTrue();
        assertThat(host.get("labels").get("canary").asText()).isEqualTo("yes");
        assertThat(host.get("labels").get("tier").isTextual()).isTrue();
        assertThat(host.get("labels").get("note").asText()).isEqualTo("a: b, \"c\"");
        assertThat(host.get("labels").get("version").asText()).isEqualTo("1.10");
        assertThat(host.get("env").asText()).isEqualTo("null");
        assertThat(host.get("address").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void groupsAreFoldedAsCoreFoldsThemAndReadBackToTheSameMembers(@TempDir Path dir) throws Exception {
        List<String> members = List.of("web01", "web02", "web04", "db1", "db02", "stage-web01", "stage-web02",
                "bastion");
        List<InventoryHost> hosts = members.stream()
                .map(n -> new InventoryHost(n, "127.0.0.1", 22, "root", Map.of(), null)).toList();
        Path file = dir.resolve("inventory.yaml");
        InventoryWriter.write(file, hosts, Map.of("mixed", members));
        assertThat(Files.readString(file)).contains("  mixed: {hosts: [\"" + HostSet.of(members).fold() + "\"]}\n");
        assertThat(new InventoryLoader().load(file).group("mixed")).isEqualTo(HostSet.of(members));
    }
}
