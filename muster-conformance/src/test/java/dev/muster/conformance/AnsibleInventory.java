package dev.muster.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.testkit.ReferenceTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ansible-inventory -i FILE --list [--playbook-dir DIR]} as an oracle: hosts, the members
 * of each group (through children) and each host's variables. Run in an empty directory with
 * only the plugin for the file's format enabled, and a parse failure made fatal (Ansible's
 * default is a warning and an empty inventory).
 */
final class AnsibleInventory {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What ansible-inventory listed. */
    record Listing(Set<String> hosts, Map<String, Set<String>> groups, Map<String, JsonNode> hostVars, String json) {
    }

    private final ReferenceTool tool;

    private AnsibleInventory(ReferenceTool tool) {
        this.tool = tool;
    }

    static AnsibleInventory require() {
        return new AnsibleInventory(ReferenceTool.require("ansible-inventory", "ansible"));
    }

    /** The listing, or an AssertionError with what ansible-inventory said. */
    Listing list(Path inventory, Path playDir) throws IOException {
        return list(inventory, playDir, List.of());
    }

    /** The same with more options, such as {@code --vault-id LABEL@FILE}. */
    Listing list(Path inventory, Path playDir, List<String> options) throws IOException {
        Path empty = Files.createTempDirectory("ansible-cwd");
        List<String> args = new ArrayList<>(List.of(tool.path().toString(), "-i", inventory.toString(), "--list"));
        args.addAll(options);
        if (playDir != null) {
            args.add("--playbook-dir");
            args.add(playDir.toString());
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ANSIBLE_INVENTORY_UNPARSED_FAILED", "True");
        env.put("ANSIBLE_INVENTORY_ENABLED", inventory.toString().endsWith(".ini") ? "ini" : "yaml");
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("ANSIBLE_LOCAL_TEMP", empty.resolve(".tmp").toString());
        ReferenceTool.Result r = ReferenceTool.exec(args, empty, "", env);
        if (r.exit() != 0) {
            throw new AssertionError("ansible-inventory failed on " + inventory + ": " + r.err());
        }
        return parse(r.out());
    }

    static Listing parse(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        Map<String, JsonNode> hostVars = new LinkedHashMap<>();
        root.path("_meta").path("hostvars").fields().forEachRemaining(e -> hostVars.put(e.getKey(), e.getValue()));
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        Set<String> hosts = new TreeSet<>(hostVars.keySet());
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String group = names.next();
            if (!group.equals("_meta")) {
                groups.put(group, members(root, group));
                hosts.addAll(groups.get(group));
            }
        }
        return new Listing(hosts, groups, hostVars, json);
    }

    private static Set<String> members(JsonNode root, String group) {
        Set<String> out = new TreeSet<>();
        root.path(group).path("hosts").forEach(h -> out.add(h.asText()));
        root.path(group).path("children").forEach(c -> out.addAll(members(root, c.asText())));
        return out;
    }
}
