package dev.muster.testkit;

import java.nio.file.Path;
import java.security.KeyPair;

/**
 * The key pair a fleet's hosts accept, and where its OpenSSH private key file was written
 * (unencrypted, mode 0600; the public half next to it with a ".pub" suffix).
 */
public record ClientKey(KeyPair keyPair, Path privateKeyFile) {

    public Path publicKeyFile() {
        return privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub");
    }

    static ClientKey generate(Path privateKeyFile) {
        KeyPair pair = KeyFiles.newEd25519();
        KeyFiles.writeKeyPair(pair, privateKeyFile, "muster-testkit");
        return new ClientKey(pair, privateKeyFile);
    }
}
