package org.jamesmsa.launcher;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jamesmsa.settings.InvalidSettingException;

/**
 * The PEM certificate chain and private key of the TLS listeners: the operator's (MSA_TLS_CERT, MSA_TLS_KEY),
 * or a self-signed pair generated once under {@code $MSA_HOME/tls} and reused on later starts, so that clients
 * that pinned it keep working.
 */
public record TlsMaterial(Path certificate, Path privateKey, boolean selfSigned) {

    private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);

    public static TlsMaterial forSettings(MsaSettings settings) throws InvalidSettingException {
        if (settings.tlsCert().isPresent()) {
            Path certificate = settings.tlsCert().get();
            readCertificate(certificate, "MSA_TLS_CERT");
            return new TlsMaterial(certificate, settings.tlsKey().orElseThrow(), false);
        }
        Path directory = settings.home().resolve("tls");
        TlsMaterial generated = new TlsMaterial(directory.resolve("cert.pem"), directory.resolve("key.pem"), true);
        if (Files.exists(generated.certificate()) && Files.exists(generated.privateKey())) {
            return generated;
        }
        try {
            Files.createDirectories(directory);
            generated.writeSelfSigned(settings.hostname(), settings.domain());
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new InvalidSettingException("cannot create a self-signed certificate in " + directory
                + " (MSA_HOME): " + e.getMessage(), e);
        }
        return generated;
    }

    /** Parses the certificate at startup so that a wrong file is named now, not at the first TLS handshake. */
    public static X509Certificate readCertificate(Path pem, String variable) throws InvalidSettingException {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new InvalidSettingException(variable + "='" + pem + "' is not a PEM X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** For the host name (the subject) and the mail domain, the names clients reach this host by. */
    private void writeSelfSigned(String hostname, String domain) throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, new SecureRandom());
        KeyPair keyPair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + hostname);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
            new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.plus(SELF_SIGNED_VALIDITY)), subject, keyPair.getPublic())
            .addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(java.util.stream.Stream.of(hostname, domain).distinct()
                    .map(name -> new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new)))
            // As public CAs issue server certificates (CA/Browser Forum baseline 7.1.2.7): not a CA, a key for
            // signatures and key exchange, for TLS servers only. Strict clients refuse a leaf that says nothing.
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        X509Certificate certificate = new JcaX509CertificateConverter()
            .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));

        writePem(privateKey, keyPair.getPrivate());
        Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        writePem(this.certificate, certificate);
    }

    private static void writePem(Path path, Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        Files.writeString(path, text.toString(), StandardCharsets.US_ASCII);
    }
}
