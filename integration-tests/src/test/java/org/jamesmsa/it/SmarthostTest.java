package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A smarthost that requires STARTTLS and AUTH, with a certificate of a private authority (MSA_SMARTHOST_CA): the MSA
 * upgrades, checks the certificate, logs in with MSA_SMARTHOST_USER and the password file, and delivers.
 */
class SmarthostTest {
    private static final String LOGIN = "msa@relay.test";
    private static final String PASSWORD = "relay password";
    private static final SecureRelay RELAY = start();
    private static final Path CA = write("relay-ca.pem", authority());
    private static final Path PASSWORD_FILE = write("relay-password", PASSWORD + "\n");

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer(Map.of("MSA_SMARTHOST", "127.0.0.1:" + RELAY.port(),
        "MSA_SMARTHOST_TLS", "required", "MSA_SMARTHOST_CA", CA.toString(), "MSA_SMARTHOST_USER", LOGIN,
        "MSA_SMARTHOST_PASSWORD_FILE", PASSWORD_FILE.toString()));

    private static SecureRelay start() {
        try {
            return new SecureRelay(LOGIN, PASSWORD);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String authority() {
        try {
            return RELAY.authorityPem();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(String name, String text) {
        try {
            Path file = Files.createTempFile(name, ".tmp");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopRelay() throws IOException {
        RELAY.close();
    }

    @Test
    void submissionsLeaveThroughTheSmarthostOverTlsWithItsLogin() throws Exception {
        String subject = "through the relay " + UUID.randomUUID();
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(client.sendMail(ALICE, "friend@remote.example", "Subject: " + subject + "\r\n\r\nhi\r\n").code()).isEqualTo(250);
        }

        MsaTestServer.awaitUntil("the relay received the message", () -> RELAY.received().stream().anyMatch(m -> m.contains(subject)));
        assertThat(RELAY.refusals()).as("nothing was sent before STARTTLS and AUTH").isEmpty();
    }
}
