package dev.muster.core.inventory;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The inventory formats, told apart by content (never by file extension). */
enum InventoryFormat {
    MUSTER_YAML, ANSIBLE_YAML, ANSIBLE_INI, SSH_CONFIG;

    private static final Pattern INI_SECTION = Pattern.compile("\\[[^\\]]*]\\s*([#;].*)?");
    private static final Pattern YAML_KEY = Pattern.compile("(\"[^\"]*\"|'[^']*'|[^\\s#=\"'][^\\s=]*?)\\s*:(\\s.*)?");
    private static final Set<String> SSH_KEYWORDS = Set.of("host", "match", "include", "hostname", "user", "port",
            "identityfile", "proxyjump", "proxycommand", "connecttimeout", "userknownhostsfile", "forwardagent",
            "serveraliveinterval", "serveralivecountmax", "stricthostkeychecking", "controlmaster", "controlpath",
            "controlpersist", "identitiesonly", "addkeystoagent", "loglevel", "compression", "sendenv", "setenv",
            "batchmode", "preferredauthentications", "hostkeyalgorithms", "pubkeyauthentication", "requesttty");
    private static final Set<String> ANSIBLE_GROUP_KEYS = Set.of("hosts", "vars", "children");

    /** Decides from the first meaningful line; YAML needs {@link #ofYaml} to tell muster from Ansible. */
    static InventoryFormat detectText(String text) {
        String first = firstMeaningfulLine(text);
        if (first == null || first.startsWith("---") || first.startsWith("{") || first.startsWith("- ")
                || YAML_KEY.matcher(first).matches()) {
            return MUSTER_YAML;
        }
        if (INI_SECTION.matcher(first).matches()) {
            return ANSIBLE_INI;
        }
        String keyword = first.split("[\\s=]", 2)[0].toLowerCase();
        return SSH_KEYWORDS.contains(keyword) ? SSH_CONFIG : ANSIBLE_INI;
    }

    /** Muster keys win; a mapping of groups holding only hosts/vars/children is Ansible. */
    static InventoryFormat ofYaml(YamlNode root) {
        if (!(root instanceof YamlNode.Mapping mapping) || mapping.entries().isEmpty()) {
            return MUSTER_YAML;
        }
        // "windows" is left out: an Ansible inventory may well have a group of that name
        if (mapping.entries().keySet().stream().anyMatch(k -> !k.equals("windows") && MusterYamlReader.ROOT_KEYS.contains(k))) {
            return MUSTER_YAML;
        }
        boolean allGroups = mapping.entries().values().stream().map(YamlNode.Entry::value).allMatch(v ->
                (v instanceof YamlNode.Scalar s && s.value() == null)
                        || (v instanceof YamlNode.Mapping m && ANSIBLE_GROUP_KEYS.containsAll(m.entries().keySet())));
        return allGroups ? ANSIBLE_YAML : MUSTER_YAML;
    }

    private static String firstMeaningfulLine(String text) {
        for (String line : List.of(text.split("\r?\n"))) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("#") && !stripped.startsWith(";")) {
                return stripped;
            }
        }
        return null;
    }
}
