package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jamesmsa.it.MsaTestServer.ALICE;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jamesmsa.it.SmtpClient.Reply;
import org.jamesmsa.smtp.testing.TestCertificates;
import org.jamesmsa.smtp.testing.TestCertificates.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SASL EXTERNAL with a TLS client certificate (RFC 4422 appendix A) on an implicit-TLS listener that asks for client
 * certificates: the certificate is verified against the configured authority and names the user by its email
 * subject alternative name.
 */
class ExternalCertificateTest {
    private static final char[] SECRET = "truststore secret".toCharArray();
    private static final Issued AUTHORITY;
    private static final Path FILES;

    static {
        try {
            AUTHORITY = TestCertificates.authority("MSA client CA");
            FILES = Files.createTempDirectory("client-ca");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", AUTHORITY.certificate);
            try (OutputStream out = Files.newOutputStream(FILES.resolve("truststore.p12"))) {
                trust.store(out, SECRET);
            }
            Files.writeString(FILES.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(AUTHORITY.certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer().withConfChanges(Map.of(
        "smtpserver.xml", Map.of(
            "<tls socketTLS=\"true\" startTLS=\"false\">", "<tls socketTLS=\"true\" startTLS=\"false\"><clientAuth>"
                + "<truststore>file://" + FILES.resolve("truststore.p12") + "</truststore><truststoreType>PKCS12</truststoreType>"
                + "<truststoreSecret>" + new String(SECRET) + "</truststoreSecret></clientAuth>",
            // Every listener's list: on 587 no client presents a certificate, so EXTERNAL is never available there.
            "<mechanisms>PLAIN LOGIN OAUTHBEARER XOAUTH2</mechanisms>", "<mechanisms>EXTERNAL PLAIN LOGIN</mechanisms>"),
        "james-msa.properties", Map.of("sasl.external.ca=", "sasl.external.ca=" + FILES.resolve("ca.pem"))));

    /** A client presenting this certificate (and its authority's), and trusting exactly the server's. */
    private static SSLContext presenting(Issued client, Issued authority) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", client.key, SECRET, new Certificate[] {client.certificate, authority.certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, SECRET);
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("msa", org.jamesmsa.launcher.TlsMaterial.readCertificate(
            MSA.settingsForTests().home().resolve("tls/cert.pem"), "test"));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    @Test
    void aCertificateOfTheAuthorityAuthenticatesItsUserWithoutAPassword() throws Exception {
        Issued alice = TestCertificates.client(AUTHORITY, "Alice's phone", ALICE, Duration.ofDays(1));
        try (SmtpClient client = SmtpClient.connectImplicitTls(MSA.settingsForTests().submissionsPort(), presenting(alice, AUTHORITY))) {
            Reply ehlo = client.ehlo("client.example");
            assertThat(ehlo.lines()).anyMatch(line -> line.substring(4).equals("AUTH EXTERNAL PLAIN LOGIN"));

            assertThat(client.send("AUTH EXTERNAL =").text()).isEqualTo("235 2.7.0 Authentication successful");
            Reply accepted = client.sendMail(ALICE, "friend@elsewhere.example", "Subject: by certificate\r\n\r\nhi\r\n");
            assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
        }
        assertThat(MSA.awaitRelayed("by certificate")).isNotNull();
    }

    @Test
    void aCertificateOfSomeoneWhoIsNotAUserIsRefused() throws Exception {
        Issued stranger = TestCertificates.client(AUTHORITY, "stranger", "stranger@msa.test", Duration.ofDays(1));
        try (SmtpClient client = SmtpClient.connectImplicitTls(MSA.settingsForTests().submissionsPort(), presenting(stranger, AUTHORITY))) {
            client.ehlo("client.example");

            assertThat(client.send("AUTH EXTERNAL =").text()).isEqualTo("535 5.7.8 Authentication credentials invalid");
        }
    }

    @Test
    void aCertificateOfAnotherAuthorityDoesNotEvenCompleteTheHandshake() throws Exception {
        Issued otherAuthority = TestCertificates.authority("Someone else's CA");
        Issued foreign = TestCertificates.client(otherAuthority, "x", ALICE, Duration.ofDays(1));
        SSLContext tls = presenting(foreign, otherAuthority);

        assertThatThrownBy(() -> {
            try (SmtpClient client = SmtpClient.connectImplicitTls(MSA.settingsForTests().submissionsPort(), tls)) {
                client.ehlo("client.example");
            }
        }).isInstanceOf(IOException.class);
    }
}
