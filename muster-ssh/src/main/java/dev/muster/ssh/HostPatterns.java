package dev.muster.ssh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The host field of a known_hosts line: hashed ({@code |1|salt|hash}) or a pattern list. */
sealed interface HostPatterns {

    boolean matches(String hostId);

    static HostPatterns parse(String field) {
        if (field.startsWith("|1|")) {
            String[] parts = field.split("\\|");
            if (parts.length == 4) {
                Base64.Decoder b64 = Base64.getDecoder();
                return new Hashed(b64.decode(parts[2]), b64.decode(parts[3]));
            }
        }
        return new Listed(List.of(field.split(",")));
    }

    /** OpenSSH HashKnownHosts: HMAC-SHA1 of the host id keyed with a random salt. */
    record Hashed(byte[] salt, byte[] hash) implements HostPatterns {
        private static final ThreadLocal<Mac> HMAC_SHA1 = ThreadLocal.withInitial(() -> {
            try {
                return Mac.getInstance("HmacSHA1");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA1 unavailable", e);
            }
        });

        @Override
        public boolean matches(String hostId) {
            try {
                Mac mac = HMAC_SHA1.get();
                mac.init(new SecretKeySpec(salt, "HmacSHA1"));
                byte[] candidate = mac.doFinal(hostId.getBytes(StandardCharsets.UTF_8));
                return MessageDigest.isEqual(candidate, hash);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("bad known_hosts salt", e);
            }
        }
    }

    /** Comma-separated patterns with * and ? wildcards; a matching !pattern excludes the host. */
    record Listed(List<String> patterns) implements HostPatterns {
        @Override
        public boolean matches(String hostId) {
            boolean matched = false;
            for (String p : patterns) {
                boolean negated = p.startsWith("!");
                String pattern = negated ? p.substring(1) : p;
                if (glob(pattern.toLowerCase(java.util.Locale.ROOT), hostId.toLowerCase(java.util.Locale.ROOT))) {
                    if (negated) {
                        return false;
                    }
                    matched = true;
                }
            }
            return matched;
        }

        static boolean glob(String pattern, String text) {
            return glob(pattern, 0, text, 0);
        }

        private static boolean glob(String p, int pi, String t, int ti) {
            while (pi < p.length()) {
                char c = p.charAt(pi);
                if (c == '*') {
                    for (int k = ti; k <= t.length(); k++) {
                        if (glob(p, pi + 1, t, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                if (ti >= t.length() || (c != '?' && c != t.charAt(ti))) {
                    return false;
                }
                pi++;
                ti++;
            }
            return ti == t.length();
        }
    }
}
