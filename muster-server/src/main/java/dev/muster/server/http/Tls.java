package dev.muster.server.http;

import dev.muster.core.InputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's certificate and key: a PKCS#12 file (with its password), or a PEM certificate
 * chain plus a PEM private key in PKCS#8 ("BEGIN PRIVATE KEY", unencrypted; convert others with
 * {@code openssl pkcs8 -topk8 -nocrypt}).
 */
public record Tls(KeyStore keyStore, char[] password) {
    static final String ALIAS = "muster";
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    /**
     * @param cert     a .p12/.pfx file, or a PEM certificate (chain)
     * @param key      the PEM private key; null for PKCS#12
     * @param password the PKCS#12 password (null or empty for none)
     */
    public static Tls load(Path cert, Path key, char[] password) {
        char[] pass = password == null ? new char[0] : password;
        String name = cert.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        try {
            if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(cert)) {
                    ks.load(in, pass);
                }
                return new Tls(ks, pass);
            }
            if (key == null) {
                throw InputException.option("--tls-key", "a PEM certificate needs its key: --tls-key FILE");
            }
            return fromPem(Files.readString(cert, StandardCharsets.US_ASCII), Files.readString(key, StandardCharsets.US_ASCII));
        } catch (IOException | GeneralSecurityException e) {
            throw InputException.in(cert, "cannot load the TLS certificate: " + e.getMessage());
        }
    }

    static Tls fromPem(String certText, String keyText) throws GeneralSecurityException, IOException {
        List<Certificate> chain = new java.util.ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (byte[] der : blocks(certText, "CERTIFICATE")) {
            chain.add(cf.generateCertificate(new ByteArrayInputStream(der)));
        }
        List<byte[]> keys = blocks(keyText, "PRIVATE KEY");
        if (chain.isEmpty() || keys.isEmpty()) {
            throw new GeneralSecurityException("expected BEGIN CERTIFICATE and BEGIN PRIVATE KEY (PKCS#8) blocks");
        }
        PrivateKey key = privateKey(keys.getFirst(), chain.getFirst().getPublicKey().getAlgorithm());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pass = new char[0];
        ks.setKeyEntry(ALIAS, key, pass, chain.toArray(Certificate[]::new));
        return new Tls(ks, pass);
    }

    private static PrivateKey privateKey(byte[] der, String algorithm) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static List<byte[]> blocks(String text, String type) {
        List<byte[]> out = new java.util.ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return out;
    }
}
