package org.jamesmsa.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.Map;

import org.jamesmsa.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

    @TempDir
    Path home;

    private MsaSettings settings(String... extra) throws InvalidSettingException {
        var env = new java.util.HashMap<>(Map.of("MSA_HOME", home.toString(), "MSA_DOMAIN", "example.org", "MSA_HOSTNAME", "mail.example.org"));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return MsaSettings.fromEnvironment(env);
    }

    @Test
    void firstStartGeneratesASelfSignedCertificateForTheDomain() throws Exception {
        TlsMaterial tls = TlsMaterial.forSettings(settings());

        X509Certificate certificate = TlsMaterial.readCertificate(tls.certificate(), "test");
        assertThat(tls.selfSigned()).isTrue();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=mail.example.org");
        assertThat(certificate.getSubjectAlternativeNames()).extracting(name -> String.valueOf(name.get(1)))
            .as("the host name and the mail domain").containsExactly("mail.example.org", "example.org");
        certificate.checkValidity();
        assertThat(Files.readString(tls.privateKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.privateKey()))).isEqualTo("rw-------");
    }

    /** Read by OpenSSL, as another TLS stack would read it. */
    @Test
    void theGeneratedCertificateSaysWhatItIsForAsPublicCasDo() throws Exception {
        TlsMaterial tls = TlsMaterial.forSettings(settings());

        Process openssl = new ProcessBuilder("openssl", "x509", "-noout", "-text", "-in", tls.certificate().toString())
            .redirectErrorStream(true).start();
        String text = new String(openssl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(openssl.waitFor()).as(text).isZero();
        assertThat(text.replaceAll("\\s+", " "))
            .contains("X509v3 Basic Constraints: critical CA:FALSE")
            .contains("X509v3 Key Usage: critical Digital Signature, Key Encipherment")
            .contains("X509v3 Extended Key Usage: TLS Web Server Authentication")
            .contains("DNS:mail.example.org, DNS:example.org");
    }

    @Test
    void laterStartsReuseTheGeneratedCertificate() throws Exception {
        TlsMaterial first = TlsMaterial.forSettings(settings());
        String firstCertificate = Files.readString(first.certificate());

        TlsMaterial second = TlsMaterial.forSettings(settings());

        assertThat(Files.readString(second.certificate())).isEqualTo(firstCertificate);
    }

    @Test
    void operatorCertificateIsUsedAsGiven() throws Exception {
        TlsMaterial generated = TlsMaterial.forSettings(settings());
        Path cert = Files.copy(generated.certificate(), home.resolve("operator-cert.pem"));
        Path key = Files.copy(generated.privateKey(), home.resolve("operator-key.pem"));

        TlsMaterial tls = TlsMaterial.forSettings(settings("MSA_TLS_CERT", cert.toString(), "MSA_TLS_KEY", key.toString()));

        assertThat(tls).isEqualTo(new TlsMaterial(cert, key, false));
    }

    @Test
    void operatorFileThatIsNotACertificateIsNamed() throws Exception {
        Path cert = Files.writeString(home.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        Path key = Files.writeString(home.resolve("key.pem"), "x");

        assertThatThrownBy(() -> TlsMaterial.forSettings(settings("MSA_TLS_CERT", cert.toString(), "MSA_TLS_KEY", key.toString())))
            .isInstanceOf(InvalidSettingException.class)
            .hasMessageStartingWith("MSA_TLS_CERT='" + cert + "' is not a PEM X.509 certificate");
    }

    @Test
    void homeWhereNoFolderCanBeMadeIsReported() throws Exception {
        // A file where MSA_HOME should be a folder: unlike permissions, this also fails for root (as in CI).
        Path notAFolder = Files.writeString(home.resolve("not-a-folder"), "x");
        MsaSettings settings = MsaSettings.fromEnvironment(Map.of("MSA_HOME", notAFolder.toString(), "MSA_HOSTNAME", "mail.example.org"));

        assertThatThrownBy(() -> TlsMaterial.forSettings(settings))
            .isInstanceOf(InvalidSettingException.class)
            .hasMessageContaining("cannot create a self-signed certificate in " + notAFolder.resolve("tls"));
    }
}
