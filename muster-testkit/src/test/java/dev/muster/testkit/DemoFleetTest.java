package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoFleetTest {

    @TempDir
    static Path dir;
    static DemoFleet demo;

    @BeforeAll
    static void start() throws IOException {
        demo = DemoFleet.start(dir);
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void writesInventoryWithGroupsLabelsAndEnvironments() throws IOException {
        JsonNode inv = new ObjectMapper(new YAMLFactory()).readTree(demo.inventory().toFile());
        assertThat(inv.get("hosts").size()).isEqualTo(12);
        JsonNode web4 = inv.get("hosts").get("web04");
        assertThat(web4.get("labels").get("role").asText()).isEqualTo("web");
        assertThat(web4.get("labels").get("dc").asText()).isEqualTo("ams");
        assertThat(web4.get("env").asText()).isEqualTo("prod");
        assertThat(web4.get("port").asInt()).isEqualTo(demo.fleet().host("web04").port());
        assertThat(inv.get("hosts").get("stage-web02").get("env").asText()).isEqualTo("staging");
        assertThat(inv.get("groups").get("web").get("hosts").get(0).asText()).isEqualTo("web[01-06]");
        assertThat(inv.get("groups").get("staging").get("hosts").get(0).asText()).isEqualTo("stage-web[01-03]");
        assertThat(inv.get("groups").get("db").get("hosts").get(0).asText()).isEqualTo("db[01-02]");
        assertThat(demo.identity()).exists();
        assertThat(demo.knownHosts()).exists();
        assertThat(demo.sshConfig()).content().contains("Host web01\n");
    }

    @Test
    void kernelReleasesFoldIntoThreeGroupsWithOneOddHost() throws IOException {
        Map<String, List<String>> byOutput = new TreeMap<>();
        try (TestClient client = TestClient.of(demo.fleet())) {
            for (FakeHost h : demo.fleet().hosts()) {
                if (h.name().equals("batch01")) {
                    continue;
                }
                String out = client.run(h.endpoint(), "uname -r").stdout();
                byOutput.computeIfAbsent(out, k -> new java.util.ArrayList<>()).add(h.name());
            }
        }
        assertThat(byOutput).hasSize(3);
        assertThat(byOutput.get("6.1.0-25-amd64\n")).containsExactly("web06");
        assertThat(byOutput.get("6.1.0-28-amd64\n")).containsExactly("stage-web01", "stage-web02", "stage-web03");
        assertThat(byOutput.get("6.1.0-27-amd64\n")).hasSize(7);
    }

    @Test
    void hostsInOneRoleShareDiskOutputButNotWithOtherRoles() throws IOException {
        Map<String, String> df = new HashMap<>();
        try (TestClient client = TestClient.of(demo.fleet())) {
            for (String name : List.of("web01", "web02", "db01", "db02")) {
                df.put(name, client.run(demo.fleet().host(name).endpoint(), "df -P /").stdout());
            }
        }
        assertThat(df.get("web01")).isEqualTo(df.get("web02")).isNotEqualTo(df.get("db01"));
        assertThat(df.get("db01")).isEqualTo(df.get("db02")).contains("/dev/vda1");
    }

    @Test
    void flakyHostDropsItsFirstConnectionThenAnswers() throws IOException {
        FakeHost flaky = demo.fleet().host("batch01");
        try (TestClient client = TestClient.of(demo.fleet())) {
            assertThatThrownBy(() -> client.run(flaky.endpoint(), "true")).isInstanceOf(IOException.class);
            try (ClientSession s = client.connect(flaky.endpoint())) {
                assertThat(TestClient.exec(s, "df -P /", "").stdout()).contains(" 92% /");
            }
        }
    }
}
