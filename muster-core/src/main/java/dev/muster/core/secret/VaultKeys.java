package dev.muster.core.secret;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Where;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The vault passwords a command was given, each with its vault id (label), in the order given.
 * A password is read (file read, script run, prompt asked) only when first needed, then kept in
 * memory for the rest of the command. Decrypting tries the passwords labelled with the payload's
 * vault id first, then the others, as Ansible does.
 */
public final class VaultKeys {
    private static final VaultKeys NONE = new VaultKeys(List.of());

    /** One password: its label, how the user gave it (for messages) and how to get its bytes. */
    public static final class Key {
        private final String label;
        private final String origin;
        private final Supplier<byte[]> load;
        private byte[] bytes;

        public Key(String label, String origin, Supplier<byte[]> load) {
            this.label = label;
            this.origin = origin;
            this.load = load;
        }

        public String label() {
            return label;
        }

        /** How the password was given, e.g. {@code --vault-password-file pw.txt}. */
        public String origin() {
            return origin;
        }

        synchronized byte[] bytes() {
            if (bytes == null) {
                byte[] loaded = load.get();
                if (loaded == null || loaded.length == 0) {
                    throw new InputException("the vault password from " + origin + " is empty");
                }
                bytes = loaded;
            }
            return bytes;
        }
    }

    private final List<Key> keys;

    public VaultKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    public static VaultKeys none() {
        return NONE;
    }

    /** A password already in memory, e.g. for tests or from systemd credentials read at start. */
    public static Key key(String label, String origin, byte[] password) {
        byte[] copy = password.clone();
        return new Key(label, origin, () -> copy);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public List<String> labels() {
        return keys.stream().map(Key::label).toList();
    }

    /**
     * Decrypts vault text written at {@code where} (the value of {@code what}, e.g. "db_password").
     * Every failure is an {@link InputException} there, naming the vault id: no password, none that
     * matches, or a payload that cannot be read.
     */
    public byte[] decrypt(String vaultText, Where where, String what) {
        return open(vaultText, where, what).plaintext();
    }

    /** A decrypted payload and the key that fitted (to encrypt an edited version with). */
    public record Opened(byte[] plaintext, Key key) {
    }

    /** As {@link #decrypt(String, Where, String)}, also telling which key fitted. */
    public Opened open(String vaultText, Where where, String what) {
        VaultEnvelope envelope;
        try {
            envelope = VaultEnvelope.parse(vaultText);
        } catch (VaultFormatException e) {
            throw where.error(what + (e.vaultId() == null ? "" : " (vault id '" + e.vaultId() + "')") + ": "
                    + e.getMessage());
        }
        String id = envelope.vaultId();
        if (keys.isEmpty()) {
            throw where.error(what + " is vault-encrypted (vault id '" + id + "') but no vault password was given: "
                    + "use --vault-password-file FILE, --vault-id " + (id.equals(VaultEnvelope.DEFAULT_ID) ? "" : id + "@")
                    + "FILE, --ask-vault-pass, or set MUSTER_VAULT_PASSWORD_FILE");
        }
        List<Key> order = new ArrayList<>();
        keys.stream().filter(k -> k.label().equals(id)).forEach(order::add);
        keys.stream().filter(k -> !k.label().equals(id)).forEach(order::add);
        for (Key key : order) {
            Optional<byte[]> plain;
            try {
                plain = Vault.decrypt(envelope, key.bytes());
            } catch (VaultFormatException e) {
                throw where.error(what + " (vault id '" + id + "'): " + e.getMessage());
            } catch (InputException e) {
                throw where.error("cannot decrypt " + what + " (vault id '" + id + "'): " + e.getMessage());
            }
            if (plain.isPresent()) {
                return new Opened(plain.get(), key);
            }
        }
        boolean labelled = order.getFirst().label().equals(id);
        throw where.error("cannot decrypt " + what + " (vault id '" + id + "'): " + (labelled
                ? "wrong password from " + order.getFirst().origin() + (order.size() > 1 ? " (nor did the others fit)" : "")
                : "no vault password is given for vault id '" + id + "' (given: " + String.join(", ", labels())
                        + ") and none of them fits")
                + "; or the payload was altered: its HMAC does not match");
    }

    /** As {@link #decrypt(String, Where, String)}, as UTF-8 text. */
    public String decryptText(String vaultText, Where where, String what) {
        byte[] plain = decrypt(vaultText, where, what);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(plain)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw where.error(what + " decrypts to bytes that are not UTF-8 text");
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * The key to encrypt with: the one labelled {@code encryptId} when given, else the only key.
     * As ansible-vault, several keys without {@code --encrypt-vault-id} are refused.
     */
    public Key encryptKey(String encryptId) {
        if (keys.isEmpty()) {
            throw new InputException("no vault password given: use --vault-password-file FILE, "
                    + "--vault-id LABEL@FILE or --ask-vault-pass (or set MUSTER_VAULT_PASSWORD_FILE)");
        }
        if (encryptId != null) {
            return keys.stream().filter(k -> k.label().equals(encryptId)).findFirst().orElseThrow(() ->
                    new InputException("--encrypt-vault-id " + encryptId + " names none of the vault ids "
                            + "given (" + String.join(", ", labels()) + ")"));
        }
        if (keys.stream().map(Key::label).distinct().count() > 1) {
            throw new InputException("several vault ids are given (" + String.join(", ", labels())
                    + "): say which to encrypt with, --encrypt-vault-id LABEL");
        }
        return keys.getFirst();
    }

    /** Encrypts with {@link #encryptKey(String)}. */
    public VaultEnvelope encrypt(byte[] plaintext, String encryptId) {
        return encryptWith(plaintext, encryptKey(encryptId));
    }

    /** Encrypts with {@code key}, labelled with its vault id. */
    public static VaultEnvelope encryptWith(byte[] plaintext, Key key) {
        return Vault.encrypt(plaintext, key.bytes(), key.label());
    }
}
