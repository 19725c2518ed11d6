package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherFormatsInventoryTest {

    @Test
    void ansibleIniHostsGroupsChildrenAndVars() {
        Inventory inventory = new InventoryLoader().load(Fixtures.path("ansible.ini"));
        assertThat(inventory.names().fold()).isEqualTo("db1,mail.example,web[01-04]");
        assertThat(inventory.group("prod").fold()).isEqualTo("db1,web[01-04]");
        Host web02 = inventory.host("web02").orElseThrow();
        assertThat(web02.ssh().user()).isEqualTo("www");
        assertThat(web02.groups()).containsExactly("all", "prod", "web");
        assertThat(web02.vars()).containsEntry("http_port", 80).containsEntry("log_level", "warn")
                .containsEntry("ntp", "pool.ntp.org");
        Host web04 = inventory.host("web04").orElseThrow();
        assertThat(web04.address()).isEqualTo("10.0.0.4");
        assertThat(web04.ssh().port()).isEqualTo(2204);
        assertThat(web04.ssh().user()).isEqualTo("deploy");
        assertThat(web04.vars()).containsEntry("http_port", 8080).containsEntry("motd", "hello world");
        Host db1 = inventory.host("db1").orElseThrow();
        assertThat(db1.ssh().port()).isEqualTo(5432);
        assertThat(db1.ssh().identityFiles()).containsExactly("~/.ssh/db_key");
        assertThat(inventory.host("mail.example").orElseThrow().ssh().port()).isEqualTo(2525);
    }

    @Test
    void ansibleYamlHostsGroupsChildrenAndVars() {
        Inventory inventory = new InventoryLoader().load(Fixtures.path("ansible.yaml"));
        assertThat(inventory.names().fold()).isEqualTo("db1,mail.example,web[01-04]");
        assertThat(inventory.group("prod").fold()).isEqualTo("db1,web[01-04]");
        Host web04 = inventory.host("web04").orElseThrow();
        assertThat(web04.address()).isEqualTo("10.0.0.4");
        assertThat(web04.ssh().user()).isEqualTo("deploy");
        assertThat(web04.vars()).containsEntry("http_port", 8080).containsEntry("log_level", "warn")
                .containsEntry("ntp", "pool.ntp.org");
        assertThat(inventory.host("web01").orElseThrow().vars()).containsEntry("http_port", 80);
        assertThat(inventory.host("db1").orElseThrow().ssh().port()).isEqualTo(5432);
        assertThat(inventory.host("mail.example").orElseThrow().groups()).containsExactly("all", "ungrouped");
    }

    @Test
    void sshConfigAliasesBecomeHosts() {
        Inventory inventory = new InventoryLoader().load(Fixtures.path("ssh_config"));
        assertThat(inventory.names().fold()).isEqualTo("app[1-2],jump");
        Host app1 = inventory.host("app1").orElseThrow();
        assertThat(app1.address()).isEqualTo("app1.internal");
        assertThat(app1.ssh().proxyJump()).isEqualTo("jump");
        assertThat(app1.ssh().user()).isEqualTo("root");
        Host jump = inventory.host("jump").orElseThrow();
        assertThat(jump.ssh().user()).isEqualTo("ops");
        assertThat(jump.ssh().connectTimeout()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void sshConfigInventoryFollowsIncludes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("more.conf"), "Host extra1\n  Port 2200\n");
        Files.writeString(dir.resolve("config"), "Include " + dir.resolve("more.conf") + "\nHost main1\n");
        Inventory inventory = new InventoryLoader().load(dir.resolve("config"));
        assertThat(inventory.names().fold()).isEqualTo("extra1,main1");
        assertThat(inventory.host("extra1").orElseThrow().ssh().port()).isEqualTo(2200);
    }

    @Test
    void formatIsDetectedFromContent() {
        assertThat(InventoryFormat.detectText("# c\n[web]\nweb1\n")).isEqualTo(InventoryFormat.ANSIBLE_INI);
        assertThat(InventoryFormat.detectText("web1 ansible_host=1.2.3.4\n")).isEqualTo(InventoryFormat.ANSIBLE_INI);
        assertThat(InventoryFormat.detectText("web1:2222\n")).isEqualTo(InventoryFormat.ANSIBLE_INI);
        assertThat(InventoryFormat.detectText("Host a\n  User b\n")).isEqualTo(InventoryFormat.SSH_CONFIG);
        assertThat(InventoryFormat.detectText("hosts:\n  a: {}\n")).isEqualTo(InventoryFormat.MUSTER_YAML);
        assertThat(InventoryFormat.detectText("")).isEqualTo(InventoryFormat.MUSTER_YAML);
    }

    @Test
    void emptyFileIsAnEmptyInventory() {
        assertThat(new InventoryLoader().loadText("empty.yaml", "# nothing\n").hosts()).isEmpty();
    }
}
