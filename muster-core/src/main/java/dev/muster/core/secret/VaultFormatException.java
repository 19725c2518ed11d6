package dev.muster.core.secret;

/**
 * Vault data that cannot be read at all (bad header, not hex, wrong lengths). The caller adds
 * where it was written; {@link #vaultId()} is the header's vault id when known, else null.
 */
public final class VaultFormatException extends IllegalArgumentException {
    private final String vaultId;

    public VaultFormatException(String vaultId, String message) {
        super(message);
        this.vaultId = vaultId;
    }

    public String vaultId() {
        return vaultId;
    }
}
