package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ansible inventories read as Ansible reads them (muster-conformance checks the same against ansible-inventory). */
class AnsibleInventoryTest {
    private static Inventory ini(String text) {
        return new InventoryLoader().loadText("hosts.ini", text);
    }

    @Test
    void letterSteppedAndPaddedRangesIpv6WithAPortAndUngroupedHosts() {
        Inventory inventory = ini("""
                lone
                [web]
                db-[a:c].example.com
                app[1:10:3]
                web[08:10]
                [fe80::1]:2022
                fe80::2
                """);
        assertThat(inventory.group("web").fold())
                .isEqualTo("app[1,4,7,10],db-a.example.com,db-b.example.com,db-c.example.com,fe80::[1-2],web[08-10]");
        assertThat(inventory.host("fe80::1").orElseThrow().ssh().port()).isEqualTo(2022);
        assertThat(inventory.host("fe80::2").orElseThrow().ssh().port()).isZero();
        assertThat(inventory.group("ungrouped").fold()).isEqualTo("lone");
        assertThat(inventory.host("lone").orElseThrow().groups()).containsExactly("all", "ungrouped");
    }

    @Test
    void valuesArePythonLiteralsAsInAnsible() {
        Host h = ini("""
                [web]
                web1 n=5 t=True s="two words" l="[1, 'a']" v=1.2.3 q='7'
                [web:vars]
                g = {'a': 1}
                z = 007
                """).host("web1").orElseThrow();
        assertThat(h.vars()).containsEntry("n", 5).containsEntry("t", true).containsEntry("s", "two words")
                .containsEntry("l", List.of(1, "a")).containsEntry("v", "1.2.3").containsEntry("q", 7)
                .containsEntry("g", Map.of("a", 1)).containsEntry("z", "007");
    }

    @Test
    void sectionsForGroupsTheFileNeverDeclaresAreErrorsAsInAnsible() {
        assertThatThrownBy(() -> ini("[web]\nw1\n[db:vars]\nx=1\n"))
                .hasMessage("hosts.ini:3:1: [db:vars] is for a group this file never declares (write a [db] or"
                        + " [db:children] section)");
        assertThatThrownBy(() -> ini("[top:children]\nnope\n"))
                .hasMessage("hosts.ini:2:1: [top:children] names group 'nope', which this file never declares"
                        + " (write a [nope] section)");
    }

    @Test
    void aReversedRangeIsAnErrorWhereAnsibleSilentlyDropsTheLine() {
        assertThatThrownBy(() -> ini("[web]\nweb[5:3]\n")).hasMessage("hosts.ini:2:5: range [5:3] ends before it starts");
    }

    @Test
    void theSshNameOfAConnectionVariableWinsWhateverScopeSetIt() {
        Host h = ini("""
                [web]
                web1 ansible_port=2222 ansible_user=host_user ansible_ssh_timeout=7
                [web:vars]
                ansible_ssh_port=2200
                ansible_ssh_user=group_user
                ansible_host=10.0.0.1
                """).host("web1").orElseThrow();
        assertThat(h.ssh().port()).isEqualTo(2200);
        assertThat(h.ssh().user()).isEqualTo("group_user");
        assertThat(h.ssh().address()).isEqualTo("10.0.0.1");
        assertThat(h.ssh().connectTimeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void groupVarsFilesBeatInlineGroupVarsAndTheVarsDirBeatsTheInventorysOwn(@TempDir Path dir) throws IOException {
        Path inv = Files.createDirectories(dir.resolve("inv"));
        Files.writeString(inv.resolve("hosts.ini"), """
                [web]
                w1 h=inline
                [web:vars]
                a=inline
                b=inline
                [all:vars]
                c=inline
                """);
        Files.createDirectories(inv.resolve("group_vars/web/sub"));
        Files.writeString(inv.resolve("group_vars/all.yml"), "a: file_all\nc: file_all\nd: file_all\n");
        Files.writeString(inv.resolve("group_vars/web/10.yml"), "b: file_web\n");
        Files.writeString(inv.resolve("group_vars/web/sub/x"), "e: deep\n");
        Files.writeString(inv.resolve("group_vars/web/.hidden.yml"), "e: hidden\n");
        Files.writeString(inv.resolve("group_vars/web/notes.txt"), "e: text\n");
        Files.createDirectories(inv.resolve("host_vars"));
        Files.writeString(inv.resolve("host_vars/w1.yaml"), "h: file_host\n");
        Path play = Files.createDirectories(dir.resolve("play/group_vars"));
        Files.writeString(play.resolve("all.json"), "{\"d\": \"play_all\"}");
        Host w1 = new InventoryLoader().varsDir(dir.resolve("play")).load(inv.resolve("hosts.ini")).host("w1").orElseThrow();
        assertThat(w1.vars()).containsEntry("a", "file_all").containsEntry("b", "file_web").containsEntry("c", "file_all")
                .containsEntry("d", "play_all").containsEntry("e", "deep").containsEntry("h", "file_host");
    }

    @Test
    void groupPriorityOrdersSiblingGroupsVars() {
        Host h = ini("""
                [a]
                h1
                [b]
                h1
                [a:vars]
                x=from_a
                ansible_group_priority=5
                [b:vars]
                x=from_b
                """).host("h1").orElseThrow();
        assertThat(h.vars()).containsEntry("x", "from_a").doesNotContainKey("ansible_group_priority");
    }

    @Test
    void yamlSectionsMayBeOneNameAndHostsMayCarryAPort() {
        Inventory inventory = new InventoryLoader().loadText("hosts.yml", """
                all:
                  children:
                    web:
                      hosts: web1
                    db:
                      hosts:
                        "db1:2222":
                        "[fe80::9]:2022":
                """);
        assertThat(inventory.group("web").fold()).isEqualTo("web1");
        assertThat(inventory.host("db1").orElseThrow().ssh().port()).isEqualTo(2222);
        assertThat(inventory.host("fe80::9").orElseThrow().ssh().port()).isEqualTo(2022);
    }

    @Test
    void anUnknownKeyInAYamlGroupIsAnErrorWhereAnsibleDropsTheGroup() {
        assertThatThrownBy(() -> new InventoryLoader().loadText("hosts.yml", "all:\n  children:\n    web:\n      host:\n        w1:\n"))
                .hasMessage("hosts.yml:4:7: unknown key 'host' in group 'web'; allowed: hosts, vars, children");
    }

    @Test
    void aYamlGroupThatIsNotAMappingIsAnErrorWhereAnsibleSkipsIt() {
        assertThatThrownBy(() -> new InventoryLoader().loadText("hosts.yml", "all:\n  children:\n    web: [w1]\n"))
                .hasMessage("hosts.yml:3:10: group 'web' must be a mapping, found a list");
    }

    @Test
    void yamlScalarsAreTypedAsYaml11TypesThem() {
        Host h = new InventoryLoader().loadText("hosts.yml", "all:\n  hosts:\n    w1:\n      a: yes\n      b: 0755\n"
                + "      c: 1e3\n      d: .inf\n      e: 1_000\n      f: 1.5\n").host("w1").orElseThrow();
        assertThat(h.vars()).containsEntry("a", true).containsEntry("b", 493).containsEntry("c", "1e3")
                .containsEntry("d", Double.POSITIVE_INFINITY).containsEntry("e", 1000).containsEntry("f", 1.5);
    }
}
