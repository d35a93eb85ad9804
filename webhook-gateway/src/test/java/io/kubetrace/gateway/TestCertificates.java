package io.kubetrace.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates made with the JDK's keytool, written as the PEM files the gateway reads
 * (a Kubernetes TLS Secret's tls.crt and tls.key).
 */
public final class TestCertificates {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private TestCertificates() {}

    /** A key and self-signed certificate for CN={@code commonName}, valid for 127.0.0.1. */
    public record Identity(Path keyStore, Path certificate, Path privateKey) {

        /** TLS as a client presenting this identity and trusting {@code server}'s certificate. */
        SSLContext clientContext(Identity server) throws Exception {
            KeyManagerFactory keys =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), server.trustManagers(), null);
            return context;
        }

        /** TLS as a client without a certificate, trusting this server. */
        SSLContext trustingContext() throws Exception {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(), null);
            return context;
        }

        private javax.net.ssl.TrustManager[] trustManagers() throws Exception {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("server", load(keyStore).getCertificate("key"));
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            return trust.getTrustManagers();
        }
    }

    public static Identity create(Path dir, String commonName) throws Exception {
        Path keyStore = dir.resolve(commonName + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process =
                new ProcessBuilder(
                                List.of(
                                        keytool.toString(),
                                        "-genkeypair",
                                        "-alias",
                                        "key",
                                        "-keyalg",
                                        "EC",
                                        "-groupname",
                                        "secp256r1",
                                        "-dname",
                                        "CN=" + commonName + ",O=kubetrace tests",
                                        "-ext",
                                        "SAN=ip:127.0.0.1",
                                        "-validity",
                                        "2",
                                        "-storetype",
                                        "PKCS12",
                                        "-keystore",
                                        keyStore.toString(),
                                        "-storepass",
                                        new String(PASSWORD)))
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore store = load(keyStore);
        Certificate certificate = store.getCertificate("key");
        Path certificatePem =
                Files.writeString(
                        dir.resolve(commonName + ".crt"),
                        pem("CERTIFICATE", certificate.getEncoded()));
        Path keyPem =
                Files.writeString(
                        dir.resolve(commonName + ".key"),
                        pem("PRIVATE KEY", store.getKey("key", PASSWORD).getEncoded()));
        return new Identity(keyStore, certificatePem, keyPem);
    }

    private static KeyStore load(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }
}
