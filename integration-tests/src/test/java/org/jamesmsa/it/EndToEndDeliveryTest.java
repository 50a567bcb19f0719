package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;
import static org.jamesmsa.it.MsaTestServer.BOB_PASSWORD;

import java.util.UUID;

import javax.mail.internet.MimeMessage;

import org.jamesmsa.it.SmtpClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The good path: an authenticated submission leaves for the Internet through the configured smarthost (a real
 * SMTP server on loopback, read back here), and local recipients get their copy.
 */
class EndToEndDeliveryTest {

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer();

    @Test
    void submissionOverStartTlsIsRelayedToTheSmarthost() throws Exception {
        String subject = "starttls " + UUID.randomUUID();
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);

            Reply accepted = client.sendMail(ALICE, "friend@elsewhere.example",
                "From: " + ALICE + "\r\nTo: friend@elsewhere.example\r\nSubject: " + subject + "\r\n\r\nHello from port 587\r\n");

            assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
        }
        MimeMessage relayed = MSA.awaitRelayed(subject);
        assertThat(relayed.getAllRecipients()).extracting(Object::toString).containsExactly("friend@elsewhere.example");
        assertThat(relayed.getContent().toString()).contains("Hello from port 587");
    }

    @Test
    void submissionOverImplicitTlsIsRelayedToTheSmarthost() throws Exception {
        String subject = "implicit tls " + UUID.randomUUID();
        try (SmtpClient client = MSA.submissions()) {
            assertThat(client.authPlain(BOB, BOB_PASSWORD).code()).isEqualTo(235);

            Reply accepted = client.sendMail(BOB, "friend@elsewhere.example",
                "From: " + BOB + "\r\nSubject: " + subject + "\r\n\r\nHello from port 465\r\n");

            assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
        }
        assertThat(MSA.awaitRelayed(subject).getContent().toString()).contains("Hello from port 465");
    }

    @Test
    void submissionToALocalUserIsDeliveredLocallyAndNotRelayed() throws Exception {
        String subject = "local " + UUID.randomUUID();
        long before = MSA.inboxMessageCount(BOB);
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);

            Reply accepted = client.sendMail(ALICE, BOB, "From: " + ALICE + "\r\nSubject: " + subject + "\r\n\r\nHi Bob\r\n");

            assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
        }
        MsaTestServer.awaitUntil("Bob's inbox has the message", () -> MSA.inboxMessageCount(BOB) == before + 1);
        assertThat(MSA.relayedWithSubject(subject)).isEmpty();
    }
}
