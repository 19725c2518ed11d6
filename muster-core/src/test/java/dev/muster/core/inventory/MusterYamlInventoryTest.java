package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MusterYamlInventoryTest {
    private final Inventory inventory = new InventoryLoader().load(Fixtures.path("muster.yaml"));

    private Host host(String name) {
        return inventory.host(name).orElseThrow();
    }

    @Test
    void hostsAreInNameOrderIncludingRangesAndGroupOnlyHosts() {
        assertThat(inventory.names().fold()).isEqualTo("bastion,db1,lb1,web[01-20]");
        assertThat(inventory.hosts()).extracting(Host::name).startsWith("bastion", "db1", "lb1", "web01", "web02");
    }

    @Test
    void hostSettingsWinOverDefaults() {
        SshOptions ssh = host("web01").ssh();
        assertThat(ssh.address()).isEqualTo("127.0.1.1");
        assertThat(ssh.port()).isEqualTo(2222);
        assertThat(ssh.user()).isEqualTo("admin");
        assertThat(ssh.identityFiles()).containsExactly("~/.ssh/id_ed25519");
    }

    @Test
    void rangeAddressIsZippedWithRangeHost() {
        assertThat(host("web02").address()).isEqualTo("127.0.1.2");
        assertThat(host("web20").address()).isEqualTo("127.0.1.20");
        assertThat(host("web20").ssh().user()).isEqualTo("deploy");
        assertThat(host("web20").ssh().port()).isEqualTo(22);
    }

    @Test
    void hostOnlyListedInAGroupIsReachedAtItsName() {
        assertThat(host("lb1").address()).isEqualTo("lb1");
        assertThat(host("lb1").groups()).containsExactly("all", "web", "frontend");
    }

    @Test
    void groupsIncludeChildMembersAndAll() {
        assertThat(inventory.group("web").fold()).isEqualTo("lb1,web[01-20]");
        assertThat(inventory.group("all")).isEqualTo(inventory.names());
        assertThat(inventory.groupNames()).containsExactlyInAnyOrder("all", "web", "frontend", "backup", "ungrouped");
        assertThat(host("web01").groups()).containsExactly("all", "backup", "web", "frontend");
    }

    @Test
    void environmentComesFromHostOrGroupAndIsALabel() {
        assertThat(host("db1").environment()).isEqualTo("prod");
        assertThat(host("lb1").environment()).isEqualTo("prod");
        assertThat(host("lb1").labels()).containsEntry("env", "prod");
        assertThat(host("bastion").environment()).isNull();
        assertThat(inventory.environments()).containsExactly("dev", "prod");
        assertThat(inventory.isProtected("prod")).isTrue();
        assertThat(inventory.isProtected("dev")).isFalse();
    }

    @Test
    void varsMergeGlobalThenGroupsThenHostThenEnvironment() {
        assertThat(host("web01").vars()).containsEntry("http_port", 8080).containsEntry("tier", "front")
                .containsEntry("log_level", "warn").containsEntry("ntp", "pool.ntp.org");
        assertThat(host("web05").vars()).containsEntry("http_port", 80).containsEntry("tier", "web");
        assertThat(host("db1").vars()).containsEntry("tier", "backup");
        assertThat(host("bastion").vars()).containsEntry("http_port", 1).containsEntry("log_level", "info");
    }

    @Test
    void extraVarsWinOverEverything() {
        Inventory withExtra = new InventoryLoader().extraVars(Map.of("log_level", "trace"))
                .load(Fixtures.path("muster.yaml"));
        assertThat(withExtra.host("web01").orElseThrow().vars()).containsEntry("log_level", "trace");
    }

    @Test
    void secretsAreMaskedByTheRedactor() {
        assertThat(inventory.redactor().redact("pw=hunter22 token=tok-123456 ntp=pool.ntp.org"))
                .isEqualTo("pw=**** token=**** ntp=pool.ntp.org");
        assertThat(host("db1").vars()).containsEntry("api_token", "tok-123456");
    }

    @Test
    void sshExtrasAreRead() {
        assertThat(host("db1").ssh().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(host("db1").ssh().proxyJump()).isEqualTo("bastion");
        assertThat(inventory.resolveAlias("bastion").address()).isEqualTo("127.0.9.1");
        assertThat(inventory.resolveAlias("elsewhere").address()).isEqualTo("elsewhere");
    }

    @Test
    void selectorsWorkOnALoadedInventory() {
        assertThat(inventory.select("env=prod&!@web")).extracting(Host::name).containsExactly("db1");
        assertThat(inventory.select("role=web&dc=fra")).extracting(Host::name).containsExactly("web01");
    }

    @Test
    void laterFilesAddHostsAndOverrideSameNamedOnes() {
        Inventory merged = new InventoryLoader().load(Fixtures.path("muster.yaml"), Fixtures.path("override.yaml"));
        Host web01 = merged.host("web01").orElseThrow();
        assertThat(web01.address()).isEqualTo("10.1.1.1");
        assertThat(web01.ssh().port()).isEqualTo(2222);
        assertThat(web01.vars()).containsEntry("http_port", 9090);
        assertThat(merged.group("web").contains("new1")).isTrue();
        assertThat(merged.group("web").contains("web20")).isTrue();
    }

    @Test
    void sshConfigFillsOnlyUnsetOptions() {
        Inventory filled = new InventoryLoader().sshConfig(Fixtures.path("ssh_config")).load(Fixtures.path("muster.yaml"));
        assertThat(filled.host("web01").orElseThrow().ssh().connectTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(filled.host("web01").orElseThrow().ssh().user()).isEqualTo("admin");
        assertThat(filled.host("db1").orElseThrow().ssh().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(filled.resolveAlias("jump").address()).isEqualTo("10.9.9.9");
    }

    @Test
    void missingSshConfigIsIgnored() {
        Inventory plain = new InventoryLoader().sshConfig(Fixtures.path("muster.yaml").resolveSibling("nope"))
                .load(Fixtures.path("muster.yaml"));
        assertThat(plain.hosts()).hasSize(23);
    }
}
