package dev.muster.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for one IP address (subjectAltName IP:...), made with the JDK's own
 * keytool: a PKCS#12 key store for the server and the certificate as PEM for clients to trust.
 */
record SelfSignedCert(Path keyStore, Path pem, char[] password) {

    static SelfSignedCert create(String ip, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path ks = dir.resolve("target-" + ip + ".p12");
        Path pem = dir.resolve("target-" + ip + ".pem");
        Files.deleteIfExists(ks);
        String pass = "muster-test";
        keytool("-genkeypair", "-alias", "target", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + ip, "-ext", "san=ip:" + ip, "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", pass, "-keypass", pass);
        keytool("-exportcert", "-rfc", "-alias", "target", "-keystore", ks.toString(), "-storepass", pass,
                "-file", pem.toString());
        return new SelfSignedCert(ks, pem, pass.toCharArray());
    }

    private static void keytool(String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>(List.of(keytool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException("keytool failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running keytool", e);
        }
    }

    SSLContext serverContext() throws IOException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load " + keyStore, e);
        }
    }
}
