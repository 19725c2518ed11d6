package dev.muster.core.secret;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One Ansible Vault payload as written in a file or after {@code !vault |}: the header
 * {@code $ANSIBLE_VAULT;1.1;AES256} (or {@code 1.2;AES256;VAULT_ID}), then the hex of
 * "hex(salt) LF hex(hmac) LF hex(ciphertext)" in lines of 80.
 *
 * @param vaultId the label of a 1.2 header, or {@code "default"} for 1.1
 */
public record VaultEnvelope(String version, String vaultId, byte[] salt, byte[] hmac, byte[] ciphertext) {
    public static final String HEADER = "$ANSIBLE_VAULT";
    public static final String DEFAULT_ID = "default";
    private static final int LINE = 80;

    /** Whether {@code text} starts like vault data (after leading blanks). */
    public static boolean isVault(String text) {
        return text != null && text.stripLeading().startsWith(HEADER + ";");
    }

    /**
     * Parses a payload; anything malformed is a {@link VaultFormatException} saying what, and the
     * vault id when the header got that far.
     */
    public static VaultEnvelope parse(String text) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        String header = (newline < 0 ? trimmed : trimmed.substring(0, newline)).strip();
        String[] parts = header.split(";", -1);
        if (parts.length < 3 || !parts[0].strip().equals(HEADER)) {
            throw new VaultFormatException(null, "not an Ansible Vault header: expected $ANSIBLE_VAULT;1.1;AES256");
        }
        String version = parts[1].strip();
        String cipher = parts[2].strip();
        String id = parts.length >= 4 && !parts[3].isBlank() ? parts[3].strip() : DEFAULT_ID;
        if (!version.equals("1.1") && !version.equals("1.2")) {
            throw new VaultFormatException(id, "unsupported vault format version " + version + " (expected 1.1 or 1.2)");
        }
        if (!cipher.equals("AES256")) {
            throw new VaultFormatException(id, "unsupported vault cipher " + cipher + " (expected AES256)");
        }
        String body = newline < 0 ? "" : trimmed.substring(newline + 1).replaceAll("\\s+", "");
        String inner = new String(hex(body, id, "the payload"), StandardCharsets.US_ASCII);
        String[] fields = inner.split("\n", -1);
        if (fields.length != 3) {
            throw new VaultFormatException(id, "corrupted vault payload: expected salt, HMAC and ciphertext, found "
                    + fields.length + " part" + (fields.length == 1 ? "" : "s"));
        }
        byte[] salt = hex(fields[0], id, "the salt");
        byte[] hmac = hex(fields[1], id, "the HMAC");
        byte[] ciphertext = hex(fields[2], id, "the ciphertext");
        if (hmac.length != 32) {
            throw new VaultFormatException(id, "corrupted vault payload: the HMAC has " + hmac.length + " bytes, expected 32");
        }
        if (salt.length == 0 || ciphertext.length == 0 || ciphertext.length % 16 != 0) {
            throw new VaultFormatException(id, "corrupted vault payload: " + (salt.length == 0 ? "no salt"
                    : "the ciphertext has " + ciphertext.length + " bytes, not a non-zero multiple of 16"));
        }
        return new VaultEnvelope(version, id, salt, hmac, ciphertext);
    }

    private static byte[] hex(String text, String id, String what) {
        if (text.isEmpty() || text.length() % 2 != 0) {
            throw new VaultFormatException(id, "corrupted vault payload: " + what + " is "
                    + (text.isEmpty() ? "empty" : "an odd number of hex digits"));
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new VaultFormatException(id, "corrupted vault payload: " + what + " is not hexadecimal");
        }
    }

    /** The text ansible-vault writes: header line, then lines of 80 hex digits, each ending in LF. */
    public String format() {
        HexFormat hex = HexFormat.of();
        String inner = hex.formatHex(salt) + "\n" + hex.formatHex(hmac) + "\n" + hex.formatHex(ciphertext);
        String body = hex.formatHex(inner.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder(HEADER).append(';').append(version).append(";AES256");
        if (version.equals("1.2")) {
            out.append(';').append(vaultId);
        }
        out.append('\n');
        for (int at = 0; at < body.length(); at += LINE) {
            out.append(body, at, Math.min(body.length(), at + LINE)).append('\n');
        }
        return out.toString();
    }
}
