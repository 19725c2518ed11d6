package dev.muster.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/** Generates ed25519 keys and writes them in the files OpenSSH and muster read. */
final class KeyFiles {

    private KeyFiles() {
    }

    static KeyPair newEd25519() {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an ed25519 key (is bcprov on the class path?)", e);
        }
    }

    /** "ssh-ed25519 AAAA..." without a comment. */
    static String publicLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    /**
     * Writes an unencrypted OpenSSH private key (mode 0600, as ssh and sshd demand) and
     * its ".pub" companion.
     */
    static void writeKeyPair(KeyPair pair, Path privateKey, String comment) {
        try {
            Files.createDirectories(privateKey.toAbsolutePath().getParent());
            Files.deleteIfExists(privateKey);
            createOwnerOnly(privateKey);
            try (OutputStream out = Files.newOutputStream(privateKey)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
            }
            Files.writeString(privateKey.resolveSibling(privateKey.getFileName() + ".pub"),
                    publicLine(pair.getPublic()) + " " + comment + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode key " + privateKey, e);
        }
    }

    /** One known_hosts line per endpoint, in the "[address]:port" form ssh uses for non-22 ports. */
    static void writeKnownHosts(Path file, List<Endpoint> endpoints) {
        StringBuilder text = new StringBuilder();
        for (Endpoint e : endpoints) {
            text.append(hostPattern(e.address())).append(' ').append(publicLine(e.hostKey())).append('\n');
        }
        write(file, text.toString());
    }

    static String hostPattern(InetSocketAddress address) {
        String host = address.getHostString();
        return address.getPort() == 22 ? host : "[" + host + "]:" + address.getPort();
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    /** A listening address and the host key it presents. */
    record Endpoint(InetSocketAddress address, PublicKey hostKey) {
    }
}
