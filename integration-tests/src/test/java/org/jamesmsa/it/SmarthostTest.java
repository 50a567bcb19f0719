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

    /** RFC 8689: offered once the submission is encrypted, and passed on to a next hop that offers it, over TLS. */
    @Test
    void aRequireTlsMessageLeavesOnlyToANextHopThatOffersRequireTlsWithTheParameterOnMail() throws Exception {
        RELAY.offerRequireTls(true);
        String subject = "requiretls " + UUID.randomUUID();
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.ehlo("client.example").lines()).contains("250-REQUIRETLS");
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(sendRequiringTls(client, subject)).isEqualTo(250);
        }

        MsaTestServer.awaitUntil("the relay received the message", () -> RELAY.received().stream().anyMatch(m -> m.contains(subject)));
        assertThat(RELAY.mailCommands()).anySatisfy(line -> assertThat(line).startsWith("MAIL FROM:<" + ALICE + ">").contains(" REQUIRETLS"));
    }

    /** The next hop offers no REQUIRETLS: nothing of the message is sent, and the sender has a 5.7.10 report at once. */
    @Test
    void aRequireTlsMessageANextHopCannotTakeReturnsToItsSenderWith5710AndIsNeverSent() throws Exception {
        RELAY.offerRequireTls(false);
        String subject = "requiretls refused " + UUID.randomUUID();
        int mailCommandsBefore = RELAY.mailCommands().size();
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(sendRequiringTls(client, subject)).isEqualTo(250);
        }

        MsaTestServer.awaitUntil("Alice received the report", () -> reportAbout(subject).isPresent());
        assertThat(MsaTestServer.textOf(reportAbout(subject).get())).contains("Action: failed", "Status: 5.7.10",
            "the next hop does not offer REQUIRETLS");
        assertThat(RELAY.received()).noneMatch(message -> message.contains(subject));
        assertThat(RELAY.mailCommands().size()).as("not even a MAIL command").isEqualTo(mailCommandsBefore);
    }

    private static int sendRequiringTls(SmtpClient client, String subject) throws Exception {
        assertThat(client.send("MAIL FROM:<" + ALICE + "> REQUIRETLS").code()).isEqualTo(250);
        assertThat(client.send("RCPT TO:<friend@remote.example>").code()).isEqualTo(250);
        assertThat(client.send("DATA").code()).isEqualTo(354);
        client.write("Subject: " + subject);
        client.write("");
        client.write("only over TLS");
        return client.send(".").code();
    }

    private static java.util.Optional<javax.mail.internet.MimeMessage> reportAbout(String subject) {
        try {
            for (javax.mail.internet.MimeMessage message : MSA.imap(ALICE).messages()) {
                if (message.getContentType().startsWith("multipart/report") && MsaTestServer.textOf(message).contains(subject)) {
                    return java.util.Optional.of(message);
                }
            }
            return java.util.Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
