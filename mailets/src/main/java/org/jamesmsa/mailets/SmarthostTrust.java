package org.jamesmsa.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import javax.mail.MessagingException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS of the connections to a private smarthost: its certificate is checked against the authorities of a PEM
 * file instead of the JVM's. JavaMail takes a socket factory by class name ({@code mail.smtp.ssl.socketFactory.class})
 * and calls its static {@code getDefault()}, hence the one factory of the process, set by {@link OutboundDelivery}.
 */
public final class SmarthostTrust {
    private static volatile SSLSocketFactory trusting;

    private SmarthostTrust() {
    }

    static void trust(Path pemAuthorities) throws MessagingException {
        try (InputStream in = Files.newInputStream(pemAuthorities)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("smarthost-ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new MessagingException(pemAuthorities + " holds no PEM certificate");
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            trusting = context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new MessagingException("the smarthost authorities " + pemAuthorities + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Called by JavaMail. */
    public static SocketFactory getDefault() {
        SSLSocketFactory factory = trusting;
        if (factory == null) {
            throw new IllegalStateException("no smarthost authorities were loaded");
        }
        return factory;
    }
}
