package dev.muster.core.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Ansible's connection variables. They stay ordinary variables, so group and host precedence
 * applies to each of them; after merging, they fill the host's unset ssh options the way
 * Ansible's ssh connection reads them: where both names of a pair are set, the
 * {@code ansible_ssh_} one wins, whichever scope set it.
 * <pre>
 * address        ansible_ssh_host             > ansible_host
 * port           ansible_ssh_port             > ansible_port
 * user           ansible_ssh_user             > ansible_user
 * identity file  ansible_ssh_private_key_file > ansible_private_key_file
 * connect limit  ansible_ssh_timeout          > ansible_timeout   (seconds)
 * </pre>
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
        } else if (key.equals("ansible_timeout") || key.equals("ansible_ssh_timeout")) {
            if (!String.valueOf(value).matches("\\d{1,9}")) {
                throw where.error(key + " must be a number of seconds, found \"" + value + "\"");
            }
        }
    }

    static SshOptions ssh(Map<String, Object> vars) {
        String port = text(vars, "ansible_ssh_port", "ansible_port");
        String key = text(vars, "ansible_ssh_private_key_file", "ansible_private_key_file");
        String timeout = text(vars, "ansible_ssh_timeout", "ansible_timeout");
        return new SshOptions(
                text(vars, "ansible_ssh_host", "ansible_host"),
                port == null ? 0 : Integer.parseInt(port),
                text(vars, "ansible_ssh_user", "ansible_user"),
                key == null ? List.of() : List.of(key),
                null,
                timeout == null ? null : Duration.ofSeconds(Long.parseLong(timeout)),
                null);
    }

    private static String text(Map<String, Object> vars, String winner, String other) {
        Object value = vars.get(winner) != null ? vars.get(winner) : vars.get(other);
        // a vaulted connection variable is needed to connect at all: resolved here
        return value == null ? null : dev.muster.core.secret.Secret.resolved(value).toString();
    }
}
