package dev.muster.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** Key material for tests: in-JVM EC keys, and ssh-keygen made keys when it is installed. */
final class TestKeys {
    private TestKeys() {
    }

    static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(256);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code kp} as an unencrypted OpenSSH private key file. */
    static Path writeKey(KeyPair kp, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, "test", null, out);
        }
        return file;
    }

    static boolean hasSshKeygen() {
        return onPath("ssh-keygen");
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs ssh-keygen to make a key of {@code type} (extra args e.g. "-m", "PEM"). */
    static Path sshKeygen(Path file, String type, String passphrase, String... extra)
            throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase,
                "-C", "muster-test", "-f", file.toString()));
        cmd.addAll(List.of(extra));
        run(cmd);
        return file;
    }

    static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd + " failed: " + output);
        }
    }

    static PublicKey readPublicKey(Path pubFile) throws IOException, GeneralSecurityException {
        String line = Files.readString(pubFile).strip();
        return AuthorizedKeyEntry.parseAuthorizedKeyEntry(line)
                .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
    }
}
