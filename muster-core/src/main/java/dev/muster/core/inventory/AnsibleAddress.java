package dev.muster.core.inventory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an Ansible host pattern from its port as Ansible does: {@code host:2222},
 * {@code web[01:20]:2222}, {@code [fe80::1]:2022}; a bare IPv6 address ({@code fe80::1})
 * has no port. What is left must look like a host name, an IPv4 or an IPv6 address (ranges
 * allowed); when it does not, Ansible takes the whole text as the host pattern, and so do we.
 */
final class AnsibleAddress {
    private static final String NUMERIC_RANGE = "\\[[0-9]+:[0-9]+(?::[0-9]+)?]";
    private static final String HEX_RANGE = "\\[[0-9a-f]+:[0-9a-f]+(?::[0-9]+)?]";
    private static final String ALNUM_RANGE = "\\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?]";
    private static final String V6 = "(?:[0-9a-f]{1,4}|" + HEX_RANGE + ")";
    private static final String V4 = "(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|" + NUMERIC_RANGE + ")";
    private static final String LABEL = "(?:\\w|" + ALNUM_RANGE + ")(?:[\\w-]|" + ALNUM_RANGE + ")*(?<![_-])";

    private static final Pattern BRACKETED_PORT = Pattern.compile("\\[(.+)]:([0-9]+)");
    private static final Pattern HOST_PORT = Pattern.compile("((?:[^:\\[\\]]|\\[[^]]*])*):([0-9]+)");
    private static final Pattern IPV4 = Pattern.compile("(?:" + V4 + "\\.){3}" + V4, Pattern.CASE_INSENSITIVE);
    private static final Pattern IPV6 = Pattern.compile(String.join("|",
            "(?:" + V6 + ":){7}" + V6,
            "(?:" + V6 + ":){1,6}:",
            "(?:" + V6 + ":)(?::" + V6 + "){1,6}",
            "(?:" + V6 + ":){2}(?::" + V6 + "){1,5}",
            "(?:" + V6 + ":){3}(?::" + V6 + "){1,4}",
            "(?:" + V6 + ":){4}(?::" + V6 + "){1,3}",
            "(?:" + V6 + ":){5}(?::" + V6 + "){1,2}",
            "(?:" + V6 + ":){6}(?::" + V6 + ")",
            ":(?::" + V6 + "){1,6}",
            V6 + "?::",
            "(?:0:){6}(?:" + V6 + "\\.){3}" + V6,
            "::(?:ffff:)?(?:" + V6 + "\\.){3}" + V6,
            "(?:0:){5}ffff:(?:" + V6 + "\\.){3}" + V6), Pattern.CASE_INSENSITIVE);
    private static final Pattern HOSTNAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

    /** The host pattern and its port (null when none was given). */
    record HostPort(String pattern, String port) {
    }

    private AnsibleAddress() {
    }

    /** An IPv4 or IPv6 address or a host name, with or without a port. */
    static boolean isAddress(String text) {
        HostPort split = split(text);
        return split.port() != null || IPV6.matcher(text).matches() || IPV4.matcher(text).matches();
    }

    static HostPort split(String text) {
        String address = text;
        String port = null;
        Matcher m = BRACKETED_PORT.matcher(address);
        if (m.matches()) {
            address = m.group(1);
            port = m.group(2);
        }
        m = HOST_PORT.matcher(address);
        if (m.matches()) {
            address = m.group(1);
            port = m.group(2);
        }
        boolean valid = IPV4.matcher(address).matches() || IPV6.matcher(address).matches()
                || HOSTNAME.matcher(address).matches();
        return valid ? new HostPort(address, port) : new HostPort(text, null);
    }
}
