package dev.muster.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.RunException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryErrorsTest {

    private static void load(String text) {
        new InventoryLoader().loadText("inventory.yaml", text);
    }

    @Test
    void portThatIsNotANumberNamesLineAndColumn() {
        assertThatThrownBy(() -> load("hosts:\n  web01:\n    address: 10.0.0.1\n    port: \"abc\"\n"))
                .isInstanceOf(InputException.class)
                .hasMessage("inventory.yaml:4:11: port must be an integer 1-65535, found \"abc\"");
    }

    @Test
    void portOutOfRangeInFlowMapping() {
        assertThatThrownBy(() -> load("hosts:\n  web01: {port: 70000}\n"))
                .hasMessage("inventory.yaml:2:17: port must be an integer 1-65535, found 70000");
    }

    @Test
    void unknownKeyListsAllowedKeys() {
        assertThatThrownBy(() -> load("hosts:\n  web01: {adress: x}\n"))
                .hasMessage("inventory.yaml:2:11: unknown key 'adress' in host 'web01'; allowed: address, user, port,"
                        + " identity_file, proxy_jump, connect_timeout, known_hosts_file, labels, env, vars");
    }

    @Test
    void unknownTopLevelKey() {
        assertThatThrownBy(() -> load("vars: {}\nhost:\n  a: {}\n"))
                .hasMessage("inventory.yaml:2:1: unknown key 'host' in the inventory; allowed: defaults, vars,"
                        + " secrets, hosts, groups, environments, relays, windows");
    }

    @Test
    void hostsOfTheWrongType() {
        assertThatThrownBy(() -> load("hosts: 5\n"))
                .hasMessage("inventory.yaml:1:8: hosts must be a mapping, found 5");
        assertThatThrownBy(() -> load("groups:\n  web: {hosts: 5}\n"))
                .hasMessage("inventory.yaml:2:16: hosts of group 'web' must be a list of strings, found 5");
    }

    @Test
    void unknownChildGroupSuggestsCloseNames() {
        assertThatThrownBy(() -> load("groups:\n  web: {children: [frontnd]}\n  frontend: {hosts: [a]}\n"))
                .hasMessage("inventory.yaml:2:20: group 'web' has unknown child group 'frontnd'; did you mean frontend?");
    }

    @Test
    void childCycleIsNamed() {
        assertThatThrownBy(() -> load("groups:\n  a: {children: [b]}\n  b: {children: [c]}\n  c: {children: [a]}\n"))
                .hasMessage("inventory.yaml:4:18: groups form a cycle: a -> b -> c -> a");
    }

    @Test
    void addressRangeOfDifferentLength() {
        assertThatThrownBy(() -> load("hosts:\n  \"web[01-03]\": {address: \"10.0.0.[1-2]\"}\n"))
                .hasMessage("inventory.yaml:2:27: address range \"10.0.0.[1-2]\" has 2 addresses but host range"
                        + " \"web[01-03]\" has 3 names");
    }

    @Test
    void badHostRangeInQuotedKeyPointsInsideTheKey() {
        assertThatThrownBy(() -> load("hosts:\n  \"web[01-x]\": {}\n"))
                .hasMessage("inventory.yaml:2:11: expected a number in host range but found 'x'");
    }

    @Test
    void hostDefinedTwiceInOneFile() {
        assertThatThrownBy(() -> load("hosts:\n  web02: {}\n  \"web[01-03]\": {}\n"))
                .hasMessage("inventory.yaml:3:3: host web02 is defined twice (also at line 2)");
    }

    @Test
    void overlappingRangesInOneKeyNameEachHostOnce() {
        Inventory inventory = new InventoryLoader().loadText("inventory.yaml",
                "hosts:\n  \"node[1-5],node[3-7]\": {address: \"10.0.0.[1-7]\"}\n");
        assertThat(inventory.names().fold()).isEqualTo("node[1-7]");
        assertThat(inventory.host("node7").orElseThrow().address()).isEqualTo("10.0.0.7");
    }

    @Test
    void duplicateYamlKey() {
        assertThatThrownBy(() -> load("hosts:\n  web01: {}\n  web01: {}\n"))
                .hasMessage("inventory.yaml:3:3: duplicate key 'web01' (first at line 2)");
    }

    @Test
    void conflictingGroupEnvironments() {
        assertThatThrownBy(() -> load("hosts:\n  x1: {}\ngroups:\n  a: {hosts: [x1], env: prod}\n  b: {hosts: [x1], env: dev}\n"))
                .hasMessage("inventory.yaml:2:3: host x1 gets environment 'prod' from group a and 'dev' from group b;"
                        + " set env on the host");
    }

    @Test
    void malformedYamlNamesLine() {
        assertThatThrownBy(() -> load("hosts:\n  web01: {port: 22\n  db1: {}\n"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("inventory.yaml:3:")
                .hasMessageContaining("malformed YAML");
    }

    @Test
    void secretMarkerMustHoldAString() {
        assertThatThrownBy(() -> load("vars:\n  pw: {secret: [1]}\n"))
                .hasMessage("inventory.yaml:2:16: secret value of 'pw' must be a string, found a list");
    }

    @Test
    void iniHostWordThatIsNotKeyValue() {
        assertThatThrownBy(() -> new InventoryLoader().loadText("hosts.ini", "[web]\nweb01  color\n"))
                .hasMessage("hosts.ini:2:8: expected key=value after the host name but found color");
    }

    @Test
    void iniBadPort() {
        assertThatThrownBy(() -> new InventoryLoader().loadText("hosts.ini", "[web]\nweb01 ansible_port=abc\n"))
                .hasMessage("hosts.ini:2:7: ansible_port must be an integer 1-65535, found \"abc\"");
    }

    @Test
    void iniBadSectionAndRange() {
        assertThatThrownBy(() -> new InventoryLoader().loadText("hosts.ini", "[web]\n[web:hostz]\n"))
                .hasMessage("hosts.ini:2:1: unknown section kind 'hostz' in [web:hostz]; allowed: vars, children");
        assertThatThrownBy(() -> new InventoryLoader().loadText("hosts.ini", "[web]\n  web[a:3]\n"))
                .hasMessage("hosts.ini:2:7: expected a number in host range but found 'a'");
    }

    @Test
    void missingInventoryFileIsARunProblem(@TempDir Path dir) {
        Path missing = dir.resolve("inventory.yaml");
        assertThatThrownBy(() -> new InventoryLoader().load(missing))
                .isInstanceOf(RunException.class)
                .hasMessage("no inventory: " + missing + " does not exist");
    }

    @Test
    void unknownGroupFromInventoryApiSuggests() {
        Inventory inventory = new InventoryLoader().loadText("i.yaml", "groups:\n  web: {hosts: [a]}\n");
        assertThatThrownBy(() -> inventory.group("wbe"))
                .isInstanceOf(InputException.class)
                .hasMessage("no group named 'wbe'; did you mean web?");
    }
}
