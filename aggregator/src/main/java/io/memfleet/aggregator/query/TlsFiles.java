package io.memfleet.aggregator.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS contexts of the HTTP API from key stores (PKCS12, or JKS: the type is detected): the
 * server's key and certificate ({@code http.tls.keystore.*}) and the certificates an instance
 * trusts when it forwards a query to another ({@code http.tls.truststore.*}). Problems are
 * {@link IllegalArgumentException}s whose message completes "FILE ...".
 */
public final class TlsFiles {

    private static final Logger LOG = LoggerFactory.getLogger(TlsFiles.class);
    private static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private TlsFiles() {
    }

    /** A server context with the key store's private key and certificate chain. */
    public static SSLContext server(Path keyStore, char[] password) {
        KeyStore store = load(keyStore, password);
        try {
            String keyAlias = null;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAlias = alias;
                    if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                        warnIfExpiring(keyStore, certificate);
                    }
                }
            }
            if (keyAlias == null) {
                throw new IllegalArgumentException("holds no private key: it needs the server's key and certificate");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot be used as a TLS key: " + e.getMessage(), e);
        }
    }

    /** A client context that trusts the certificates in the trust store (and no others). */
    public static SSLContext client(Path trustStore, char[] password) {
        KeyStore store = load(trustStore, password);
        try {
            if (store.size() == 0) {
                throw new IllegalArgumentException("holds no certificate to trust");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot be used to trust certificates: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(Files.exists(file) ? "is not a regular file" : "does not exist");
        }
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (IOException e) {
            // PKCS12 reports a wrong password as an IOException whose cause is an UnrecoverableKeyException.
            boolean wrongPassword = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password");
            throw new IllegalArgumentException(wrongPassword ? "cannot be opened with the password given"
                    : "cannot be read as a PKCS12 or JKS key store: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot be read as a PKCS12 or JKS key store: " + e.getMessage(), e);
        }
    }

    private static void warnIfExpiring(Path keyStore, X509Certificate certificate) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (notAfter.isBefore(Instant.now().plus(EXPIRY_WARNING))) {
            boolean expired = notAfter.isBefore(Instant.now());
            LOG.warn("The HTTP API's certificate in {} ({}) {} {}: {}", keyStore, certificate.getSubjectX500Principal(),
                    expired ? "expired" : "expires", notAfter, expired ? "clients refuse it" : "renew it before then");
        }
    }
}
