package dev.muster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.testkit.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * muster's reading of Ansible inventories against {@code ansible-inventory --list}: 40 generated
 * inventories per seed (INI and YAML by turns, group_vars/ and host_vars/ beside them and in a
 * playbook directory given as --vars-dir), checking the hosts, every group's members, every
 * host's variables and its address, port, user and key as Ansible's ssh connection resolves
 * them from those variables (the {@code ansible_ssh_} name of a pair wins).
 */
@Timeout(900)
class InventoryConformanceTest {
    private static final int CASES_PER_SEED = 40;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AnsibleInventory ansible;

    @BeforeAll
    static void findAnsible() {
        ansible = AnsibleInventory.require();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource(Seeds.FIXED_AND_RANDOM)
    void generatedInventoriesResolveAsAnsibleInventoryListsThem(long seed, @TempDir Path dir) throws Exception {
        InventoryCases generator = new InventoryCases(seed);
        List<InventoryCases.Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES_PER_SEED; i++) {
            cases.add(generator.write(dir, i));
        }
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<AnsibleInventory.Listing>> listings = new ArrayList<>();
            for (InventoryCases.Case c : cases) {
                listings.add(pool.submit(() -> ansible.list(c.inventory(), c.playDir())));
            }
            for (int i = 0; i < cases.size(); i++) {
                String problem = compare(cases.get(i), listings.get(i).get());
                if (problem != null) {
                    failures.add(problem);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("%d of %d inventories diverge from ansible-inventory, %s:%n%s", failures.size(),
                cases.size(), Seeds.replay(seed), String.join("\n", failures.subList(0, Math.min(3, failures.size()))))
                .isEmpty();
    }

    static String compare(InventoryCases.Case c, AnsibleInventory.Listing reference) throws Exception {
        return compare(c, new InventoryLoader(), reference);
    }

    /** The case read by {@code loader} (given the case's playbook dir) against ansible-inventory's listing. */
    static String compare(InventoryCases.Case c, InventoryLoader loader, AnsibleInventory.Listing reference)
            throws Exception {
        Inventory muster;
        try {
            muster = loader.varsDir(c.playDir()).load(c.inventory());
        } catch (RuntimeException e) {
            return report(c, "muster refuses it: " + e.getMessage(), reference);
        }
        Set<String> hosts = new TreeSet<>(muster.names().names());
        if (!hosts.equals(reference.hosts())) {
            return report(c, "hosts: muster " + hosts + "\n    ansible " + reference.hosts(), reference);
        }
        for (String group : muster.groupNames()) {
            Set<String> members = new TreeSet<>(muster.group(group).names());
            Set<String> expected = reference.groups().getOrDefault(group, Set.of());
            if (!group.equals(Inventory.ALL) && !members.equals(expected)) {
                return report(c, "group " + group + ": muster " + members + "\n    ansible " + expected, reference);
            }
        }
        for (String group : reference.groups().keySet()) {
            if (!muster.groupNames().contains(group)) {
                return report(c, "group " + group + " is missing from muster", reference);
            }
        }
        for (Host host : muster.hosts()) {
            JsonNode expected = reference.hostVars().getOrDefault(host.name(), JSON.createObjectNode());
            JsonNode actual = JSON.valueToTree(host.vars());
            if (!same(actual, expected)) {
                return report(c, "vars of " + host.name() + ":\n    muster  " + actual + "\n    ansible " + expected, reference);
            }
            String ssh = sshProblem(host, expected);
            if (ssh != null) {
                return report(c, ssh, reference);
            }
        }
        return null;
    }

    /** Ansible's ssh connection reads address, port, user and key from these vars, ansible_ssh_* first. */
    private static String sshProblem(Host host, JsonNode vars) {
        String address = first(vars, "ansible_ssh_host", "ansible_host");
        String port = first(vars, "ansible_ssh_port", "ansible_port");
        String user = first(vars, "ansible_ssh_user", "ansible_user");
        String key = first(vars, "ansible_ssh_private_key_file", "ansible_private_key_file");
        String expected = (address == null ? host.name() : address) + " port " + (port == null ? "0" : port) + " user "
                + user + " keys " + (key == null ? List.of() : List.of(key));
        String actual = host.ssh().address() + " port " + host.ssh().port() + " user " + host.ssh().user() + " keys "
                + host.ssh().identityFiles();
        return expected.equals(actual) ? null : "ssh options of " + host.name() + ":\n    muster  " + actual
                + "\n    ansible " + expected;
    }

    private static String first(JsonNode vars, String winner, String other) {
        JsonNode v = vars.hasNonNull(winner) ? vars.get(winner) : vars.get(other);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** JSON equality where 5 and 5 are equal whatever Java type holds them. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.isIntegralNumber() == b.isIntegralNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!b.has(name) || !same(a.get(name), b.get(name))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static String report(InventoryCases.Case c, String problem, AnsibleInventory.Listing reference) {
        StringBuilder out = new StringBuilder(c.label()).append(": ").append(problem).append("\n  ")
                .append(c.inventory()).append(":\n");
        try {
            Files.readString(c.inventory()).lines().forEach(l -> out.append("    | ").append(l).append('\n'));
            try (var files = Files.walk(c.inventory().getParent())) {
                files.filter(Files::isRegularFile).filter(p -> !p.equals(c.inventory())).sorted()
                        .forEach(p -> out.append("  ").append(c.inventory().getParent().relativize(p)).append('\n'));
            }
        } catch (java.io.IOException e) {
            out.append("    (cannot read: ").append(e.getMessage()).append(")\n");
        }
        String json = reference.json();
        out.append("  ansible-inventory --list: ").append(json.length() > 3000 ? json.substring(0, 3000) + " ..." : json);
        return out.toString();
    }
}
