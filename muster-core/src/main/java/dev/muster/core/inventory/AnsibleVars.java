package dev.muster.core.inventory;

import java.util.List;
import java.util.Map;

/**
 * Ansible's connection variables (ansible_host, ansible_port, ansible_user,
 * ansible_ssh_private_key_file and the older ansible_ssh_* names). They stay ordinary
 * variables, so group and host precedence applies to them too; after merging they also
 * fill the host's unset ssh options.
 */
final class AnsibleVars {
    private AnsibleVars() {
    }

    /** Checks a value where it is written, so a bad port is reported at its line. */
    static void check(String key, Object value, Where where) {
        if (key.equals("ansible_port") || key.equals("ansible_ssh_port")) {
            String text = String.valueOf(value);
            boolean valid = text.matches("\\d{1,5}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= 65535;
            if (!valid) {
                throw where.error(key + " must be an integer 1-65535, found \"" + text + "\"");
            }
        }
    }

    static SshOptions ssh(Map<String, Object> vars) {
        String port = text(vars, "ansible_port", "ansible_ssh_port");
        String key = text(vars, "ansible_ssh_private_key_file", "ansible_private_key_file");
        return new SshOptions(
                text(vars, "ansible_host", "ansible_ssh_host"),
                port == null ? 0 : Integer.parseInt(port),
                text(vars, "ansible_user", "ansible_ssh_user"),
                key == null ? List.of() : List.of(key),
                null, null, null);
    }

    private static String text(Map<String, Object> vars, String name, String oldName) {
        Object value = vars.containsKey(name) ? vars.get(name) : vars.get(oldName);
        // a vaulted connection variable is needed to connect at all: resolved here
        return value == null ? null : dev.muster.core.secret.Secret.resolved(value).toString();
    }
}
