package dev.muster.ssh;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Loads private key files (OpenSSH and PEM; ed25519, ECDSA, RSA), decrypting encrypted ones with
 * the passphrase provider. Keys load once per file and are kept; keys that cannot be used are
 * skipped and explained, so an authentication failure can say why.
 */
final class Identities {

    /** The usable keys for a hop, and why the others were skipped. */
    record Loaded(List<KeyPair> keys, List<String> problems) {
    }

    private final Function<Path, char[]> passphrases;
    private final Map<Path, List<KeyPair>> cache = new ConcurrentHashMap<>();

    Identities(Function<Path, char[]> passphrases) {
        this.passphrases = passphrases;
    }

    Loaded load(List<Path> files) {
        List<KeyPair> keys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            if (!Files.exists(file)) {
                problems.add("key file " + file + " does not exist");
                continue;
            }
            try {
                keys.addAll(cache.computeIfAbsent(file, this::read));
            } catch (KeyFileException e) {
                problems.add(e.getMessage());
            }
        }
        return new Loaded(keys, problems);
    }

    private List<KeyPair> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<KeyPair> keys = new ArrayList<>();
            Iterable<KeyPair> found = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
                    in, passwordFor(file));
            if (found != null) {
                found.forEach(keys::add);
            }
            return List.copyOf(keys);
        } catch (KeyFileException e) {
            throw e;
        } catch (Exception e) {
            throw new KeyFileException("cannot load key " + file + ": " + e.getMessage());
        }
    }

    /** Asked only for encrypted keys; one try, so a wrong passphrase fails instead of looping. */
    private FilePasswordProvider passwordFor(Path file) {
        return (session, resource, retryIndex) -> {
            if (passphrases == null) {
                throw new KeyFileException("key " + file + " is encrypted and no passphrase provider is set");
            }
            if (retryIndex > 0) {
                throw new KeyFileException("wrong passphrase for key " + file);
            }
            char[] secret = passphrases.apply(file);
            if (secret == null) {
                throw new KeyFileException("no passphrase given for encrypted key " + file);
            }
            String pass = new String(secret);
            Arrays.fill(secret, '\0');
            return pass;
        };
    }

    /** Unchecked so it passes through computeIfAbsent and MINA's decoder untouched. */
    static final class KeyFileException extends RuntimeException {
        KeyFileException(String message) {
            super(message, null, false, false);
        }
    }
}
