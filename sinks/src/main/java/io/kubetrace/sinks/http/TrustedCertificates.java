package io.kubetrace.sinks.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS that trusts the certificates of a PEM file, for receivers signed by a private CA. */
public final class TrustedCertificates {

    private TrustedCertificates() {}

    /**
     * @param setting the option or setting that named the file, for the error message
     * @throws IllegalArgumentException naming the setting and the file when it holds no usable
     *     certificate
     */
    public static SSLContext sslContext(Path pemFile, String setting) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("receiver-" + index++, certificate);
            }
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    setting + ": cannot read " + pemFile + ": " + e.getMessage(), e);
        }
    }
}
