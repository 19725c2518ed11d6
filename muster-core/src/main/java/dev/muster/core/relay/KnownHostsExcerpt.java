package dev.muster.core.relay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The lines of the controller's known_hosts that name given hosts, to ship to a relay: the relay's
 * ssh then checks each leaf's key against what the controller trusts, and learns nothing about the
 * controller's other hosts. Hashed names ({@code |1|salt|hash}), {@code [host]:port},
 * comma-separated lists, {@code *}/{@code ?} wildcards, negations and {@code @cert-authority} /
 * {@code @revoked} markers are read as OpenSSH reads them.
 */
public final class KnownHostsExcerpt {
    private KnownHostsExcerpt() {
    }

    /** An endpoint as known_hosts names it: {@code host} for port 22, else {@code [host]:port}. */
    public static String hostId(String address, int port) {
        return port == 22 || port == 0 ? address : "[" + address + "]:" + port;
    }

    /** The lines of {@code knownHosts} that match any of {@code hostIds}, in file order. */
    public static List<String> select(List<String> knownHosts, Collection<String> hostIds) {
        List<String> out = new ArrayList<>();
        for (String line : knownHosts) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] fields = t.split("\\s+");
            int at = fields[0].startsWith("@") ? 1 : 0;
            if (fields.length <= at) {
                continue;
            }
            String patterns = fields[at];
            if (hostIds.stream().anyMatch(id -> matches(patterns, id))) {
                out.add(t);
            }
        }
        return out;
    }

    static boolean matches(String patterns, String hostId) {
        boolean matched = false;
        for (String p : patterns.split(",")) {
            boolean negated = p.startsWith("!");
            String pattern = negated ? p.substring(1) : p;
            boolean m = pattern.startsWith("|1|") ? hashedMatch(pattern, hostId) : globMatch(pattern, hostId);
            if (m && negated) {
                return false;
            }
            matched |= m;
        }
        return matched;
    }

    private static boolean globMatch(String pattern, String hostId) {
        if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
            return pattern.equalsIgnoreCase(hostId);
        }
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE).matcher(hostId).matches();
    }

    private static boolean hashedMatch(String pattern, String hostId) {
        String[] parts = pattern.split("\\|");
        if (parts.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(expected, mac.doFinal(hostId.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }
}
