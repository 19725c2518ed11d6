package dev.muster.core.secret;

import dev.muster.core.AtomicReplace;
import dev.muster.core.InputException;
import dev.muster.core.inventory.Where;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Whole files encrypted with Ansible Vault: reading one (inventories, vars files, plans), and
 * encrypting, decrypting and re-keying one in place. Files are replaced by a rename, keeping their
 * mode; a file muster creates is private (0600).
 */
public final class VaultFiles {
    private VaultFiles() {
    }

    /** Whether the file's text is vault data. */
    public static boolean isVault(String text) {
        return VaultEnvelope.isVault(text);
    }

    /**
     * The text of {@code source}: decrypted when it is vault data (every failure is bad input at
     * line 1 naming the vault id), else as it is.
     */
    public static String text(String source, String text, VaultKeys keys) {
        if (!isVault(text)) {
            return text;
        }
        return keys.decryptText(text, new Where(source, 1, 1), "the file");
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw InputException.in(file, "no such file");
        } catch (IOException e) {
            throw InputException.in(file, "cannot read it: " + e.getMessage());
        }
    }

    /** The plaintext of a vault file. */
    public static byte[] decrypt(Path file, VaultKeys keys) {
        return open(file, keys).plaintext();
    }

    /** The plaintext of a vault file and the key that opened it. */
    public static VaultKeys.Opened open(Path file, VaultKeys keys) {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        if (!isVault(text)) {
            throw new InputException(file.toString(), 1, 1, "not vault-encrypted (no $ANSIBLE_VAULT header)");
        }
        return keys.open(text, new Where(file.toString(), 1, 1), "the file");
    }

    /** The vault text for a file's content; a file that is already vault data is refused. */
    public static String encrypt(Path file, byte[] plaintext, VaultKeys keys, String encryptId) {
        if (isVault(new String(plaintext, 0, Math.min(plaintext.length, 64), StandardCharsets.US_ASCII))) {
            throw new InputException(file.toString(), 1, 1, "already vault-encrypted");
        }
        return keys.encrypt(plaintext, encryptId).format();
    }

    /**
     * Writes {@code bytes} to {@code file} through a temporary file in the same directory renamed
     * over it: the old mode is kept, a new file is 0600.
     */
    public static void write(Path file, byte[] bytes) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-------");
            if (Files.exists(file)) {
                try {
                    mode = Files.getPosixFilePermissions(file);
                } catch (UnsupportedOperationException e) {
                    // not POSIX: keep the private default
                }
            }
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX
            }
            Files.write(tmp, bytes);
            try {
                Files.setPosixFilePermissions(tmp, mode);
            } catch (UnsupportedOperationException e) {
                // not POSIX
            }
            AtomicReplace.move(tmp, file);
            tmp = null;
        } catch (IOException e) {
            throw InputException.in(file, "cannot write it: " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
