package dev.muster.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The random values the store hands out (API token secrets, session cookies, salts) and the
 * SHA-256 it keeps of a random secret instead of the secret itself.
 */
final class RandomSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomSecrets() {
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** 256 random bits, URL-safe base64 without padding (43 characters). */
    static String text() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    }

    /** Hex SHA-256 of {@code secret}'s UTF-8 bytes. */
    static String sha256(String secret) {
        return sha256(new byte[0], secret);
    }

    /** Hex SHA-256 of {@code salt} followed by {@code secret}'s UTF-8 bytes. */
    static String sha256(byte[] salt, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
