package dev.muster.core.secret;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ansible Vault's AES256 scheme with the JDK's JCA only: PBKDF2-HMAC-SHA256 (10000 iterations)
 * over a 32-byte random salt gives 80 bytes, split into an AES-256 key, an HMAC-SHA256 key and a
 * CTR counter block; the PKCS#7-padded plaintext is encrypted with AES-CTR and the ciphertext is
 * authenticated with HMAC-SHA256, which is checked (in constant time) before anything is decrypted.
 * PBKDF2 is computed here over the password's raw bytes, because the JCA's PBKDF2 takes chars and
 * a password file or script may give any bytes.
 */
public final class Vault {
    private static final int ITERATIONS = 10_000;
    private static final int KEY = 32;
    private static final int IV = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Vault() {
    }

    /** Encrypts as ansible-vault does: format 1.1 for the vault id "default" (or null), 1.2 with any other. */
    public static VaultEnvelope encrypt(byte[] plaintext, byte[] password, String vaultId) {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        return encrypt(plaintext, password, vaultId, salt);
    }

    static VaultEnvelope encrypt(byte[] plaintext, byte[] password, String vaultId, byte[] salt) {
        requirePassword(password);
        byte[] keys = derive(password, salt);
        try {
            byte[] ciphertext = ctr(Cipher.ENCRYPT_MODE, keys).doFinal(pad(plaintext));
            byte[] hmac = hmac(keys, ciphertext);
            boolean labelled = vaultId != null && !vaultId.equals(VaultEnvelope.DEFAULT_ID);
            return new VaultEnvelope(labelled ? "1.2" : "1.1", labelled ? vaultId : VaultEnvelope.DEFAULT_ID,
                    salt, hmac, ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES-CTR or HMAC-SHA256", e);
        } finally {
            Arrays.fill(keys, (byte) 0);
        }
    }

    /**
     * The plaintext, or empty when the HMAC does not match: a wrong password and an altered payload
     * look the same. A payload whose HMAC matches but whose padding is broken was encrypted wrongly
     * and is a {@link VaultFormatException}.
     */
    public static Optional<byte[]> decrypt(VaultEnvelope envelope, byte[] password) {
        requirePassword(password);
        byte[] keys = derive(password, envelope.salt());
        try {
            if (!MessageDigest.isEqual(hmac(keys, envelope.ciphertext()), envelope.hmac())) {
                return Optional.empty();
            }
            byte[] padded = ctr(Cipher.DECRYPT_MODE, keys).doFinal(envelope.ciphertext());
            return Optional.of(unpad(padded, envelope.vaultId()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES-CTR or HMAC-SHA256", e);
        } finally {
            Arrays.fill(keys, (byte) 0);
        }
    }

    private static void requirePassword(byte[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("an empty vault password");
        }
    }

    private static Cipher ctr(int mode, byte[] keys) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
        cipher.init(mode, new SecretKeySpec(keys, 0, KEY, "AES"), new IvParameterSpec(keys, 2 * KEY, IV));
        return cipher;
    }

    private static byte[] hmac(byte[] keys, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keys, KEY, KEY, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** PBKDF2-HMAC-SHA256 (RFC 8018) for 80 bytes: three blocks of 32. */
    static byte[] derive(byte[] password, byte[] salt) {
        try {
            Mac prf = Mac.getInstance("HmacSHA256");
            prf.init(new SecretKeySpec(password, "HmacSHA256"));
            byte[] out = new byte[2 * KEY + IV];
            for (int block = 1, at = 0; at < out.length; block++, at += KEY) {
                prf.update(salt);
                prf.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
                byte[] u = prf.doFinal();
                byte[] t = u.clone();
                for (int i = 1; i < ITERATIONS; i++) {
                    u = prf.doFinal(u);
                    for (int k = 0; k < t.length; k++) {
                        t[k] ^= u[k];
                    }
                }
                System.arraycopy(t, 0, out, at, Math.min(KEY, out.length - at));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HMAC-SHA256", e);
        }
    }

    private static byte[] pad(byte[] plaintext) {
        int n = 16 - plaintext.length % 16;
        byte[] out = Arrays.copyOf(plaintext, plaintext.length + n);
        Arrays.fill(out, plaintext.length, out.length, (byte) n);
        return out;
    }

    private static byte[] unpad(byte[] padded, String vaultId) {
        int n = padded.length == 0 ? 0 : padded[padded.length - 1] & 0xff;
        boolean valid = n >= 1 && n <= 16 && n <= padded.length;
        for (int i = padded.length - n; valid && i < padded.length; i++) {
            valid = (padded[i] & 0xff) == n;
        }
        if (!valid) {
            throw new VaultFormatException(vaultId, "corrupted vault payload: the HMAC matches but the padding is invalid");
        }
        return Arrays.copyOf(padded, padded.length - n);
    }
}
