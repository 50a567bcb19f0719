package org.jamesmsa.smtp.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority and the certificates it signs, made in memory for the EXTERNAL and relay tests. */
public final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate with its private key. */
    public static final class Issued {
        public final X509Certificate certificate;
        public final PrivateKey key;

        Issued(X509Certificate certificate, PrivateKey key) {
            this.certificate = certificate;
            this.key = key;
        }
    }

    private TestCertificates() {
    }

    public static Issued authority(String name) throws Exception {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder builder = builder(subject, subject, keys, Duration.ofDays(1))
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(sign(builder, keys.getPrivate()), keys.getPrivate());
    }

    /** A client certificate of {@code cn}, with an email subject alternative name when {@code email} is not null. */
    public static Issued client(Issued authority, String cn, String email, Duration validity) throws Exception {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder builder = builder(new X500Name(authority.certificate.getSubjectX500Principal().getName()),
            new X500Name("CN=" + cn), keys, validity)
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        if (email != null) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.rfc822Name, email)));
        }
        return new Issued(sign(builder, authority.key), keys.getPrivate());
    }

    /** A server certificate for a loopback address, as a private relay's signed by a private authority. */
    public static Issued server(Issued authority, String ipAddress) throws Exception {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder builder = builder(new X500Name(authority.certificate.getSubjectX500Principal().getName()),
            new X500Name("CN=" + ipAddress), keys, Duration.ofDays(1))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
            .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.iPAddress, ipAddress)));
        return new Issued(sign(builder, authority.key), keys.getPrivate());
    }

    /** PEM text of a certificate, as files hold authorities. */
    public static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Duration validity) {
        // A negative validity makes a certificate that expired that long ago.
        Instant notAfter = Instant.now().plus(validity);
        Instant notBefore = validity.isNegative() ? notAfter.minus(Duration.ofDays(2)) : Instant.now().minus(Duration.ofMinutes(5));
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM), Date.from(notBefore), Date.from(notAfter),
            subject, keys.getPublic());
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256, RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }
}
