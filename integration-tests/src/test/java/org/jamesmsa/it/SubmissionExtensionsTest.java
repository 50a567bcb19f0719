package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.jamesmsa.audit.AuditQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What mail clients ask of a submission server beyond RFC 6409, with real clients over TLS (this suite's own, and
 * Python's smtplib as mail programs use it), relayed to a next hop that offers DSN.
 */
class SubmissionExtensionsTest {
    private static final NextHopServer NEXT_HOP = start();

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer(Map.of("MSA_SMARTHOST", "127.0.0.1:" + NEXT_HOP.port()));

    /** The hold is long enough that the record is on file well before the release, however slow the machine. */
    private static final int HOLD_SECONDS = 8;

    private static NextHopServer start() {
        try {
            return NextHopServer.offeringDsn();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopNextHop() throws IOException {
        NEXT_HOP.close();
    }

    @Test
    void ehloOffersDsnAndFutureReleaseOnSubmission() throws Exception {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.ehlo("client.example").lines()).anySatisfy(line -> assertThat(line).isEqualTo("250-DSN"))
                .anySatisfy(line -> assertThat(line).isEqualTo("250-MT-PRIORITY MIXER"))
                .anySatisfy(line -> assertThat(line).matches("250.FUTURERELEASE 86400 \\S+Z"));
        }
    }

    @Test
    void aMessageHeldWithHoldforIsAuditedAtOnceAndRelayedNoEarlierThanItsTime() throws Exception {
        String subject = "held " + UUID.randomUUID();
        String messageId = "<" + UUID.randomUUID() + "@msa.test>";
        Instant accepted;
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
            assertThat(client.send("MAIL FROM:<" + ALICE + "> HOLDFOR=" + HOLD_SECONDS).code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<friend@elsewhere.example>").code()).isEqualTo(250);
            assertThat(client.send("DATA").code()).isEqualTo(354);
            client.write("Subject: " + subject);
            client.write("Message-ID: " + messageId);
            client.write("");
            client.write("later");
            assertThat(client.send(".").code()).isEqualTo(250);
            accepted = Instant.now();
        }

        MsaTestServer.awaitUntil("the audit record", () -> !audited(messageId).isEmpty());
        assertThat(relayed(subject)).as("on record, and held").isZero();

        MsaTestServer.awaitUntil("the next hop received " + subject, () -> relayed(subject) > 0);
        assertThat(Duration.between(accepted, Instant.now())).as("relayed no earlier than asked")
            .isGreaterThanOrEqualTo(Duration.ofSeconds(HOLD_SECONDS));
        assertThat(relayed(subject)).isEqualTo(1);
        assertThat(audited(messageId)).as("one record: the hold made no second one").hasSize(1);
    }

    /** RFC 6710: the priority goes on to a next hop that offers MT-PRIORITY; the queues order by it (EmbeddedBrokerTest). */
    @Test
    void mtPriorityGoesOnToANextHopThatOffersItAndABadOneIs501() throws Exception {
        String subject = "priority " + UUID.randomUUID();
        NEXT_HOP.offerMtPriority(true);
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(client.send("MAIL FROM:<" + ALICE + "> MT-PRIORITY=10").lines())
                .containsExactly("501 5.5.4 MT-PRIORITY is a whole number from -9 to 9 (RFC 6710 3), not '10'");
            assertThat(client.send("MAIL FROM:<" + ALICE + "> MT-PRIORITY=3").code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<priority@elsewhere.example>").code()).isEqualTo(250);
            assertThat(client.send("DATA").code()).isEqualTo(354);
            client.write("Subject: " + subject);
            client.write("");
            client.write("urgent");
            assertThat(client.send(".").code()).isEqualTo(250);
        } finally {
            MsaTestServer.awaitUntil("the next hop received " + subject, () -> relayed(subject) > 0);
            NEXT_HOP.offerMtPriority(false);
        }
        assertThat(NEXT_HOP.envelopes()).anySatisfy(line -> assertThat(line).startsWith("MAIL FROM:<" + ALICE + ">").contains("MT-PRIORITY=3"));
    }

    @Test
    void aHoldBeyondTheMaximumIsRefusedWith501AndTheReason() throws Exception {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(client.send("MAIL FROM:<" + ALICE + "> HOLDFOR=90000").lines())
                .containsExactly("501 5.5.4 a hold is at most 86400 seconds (RFC 4865 3)");
            assertThat(client.send("MAIL FROM:<" + ALICE + "> HOLDUNTIL=2026-13-45T00:00:00Z").code()).isEqualTo(501);
        }
    }

    /** smtplib's mail_options and rcpt_options: the failure report names the envelope ID and carries the headers only. */
    @Test
    void aRecipientTheNextHopRefusesGetsTheSenderAFailureReportAsRfc3464WithItsEnvelopeId() throws Exception {
        String subject = "refused " + UUID.randomUUID();
        String envelopeId = "QQ" + Math.abs(UUID.randomUUID().getLeastSignificantBits());
        python(List.of("RET=HDRS", "ENVID=" + envelopeId), List.of("NOTIFY=FAILURE", "ORCPT=rfc822;refused-x@elsewhere.example"),
            "refused-x@elsewhere.example", subject);

        MimeMessage report = awaitReportAbout(subject);
        String status = deliveryStatus(report);
        assertThat(status).contains("Reporting-MTA: dns; " + MSA.settingsForTests().hostname(), "Original-Envelope-Id: " + envelopeId,
            "Original-Recipient: rfc822; refused-x@elsewhere.example", "Final-Recipient: rfc822; refused-x@elsewhere.example",
            "Action: failed", "Status: 5.1.1\r\n", "Diagnostic-Code: smtp; 550 5.1.1 No such user here");
        MimeMultipart parts = (MimeMultipart) report.getContent();
        assertThat(parts.getContentType()).contains("report-type=delivery-status");
        assertThat(parts.getBodyPart(parts.getCount() - 1).getContentType()).as("RET=HDRS: the headers, not the message")
            .startsWith("text/rfc822-headers");
        assertThat(NEXT_HOP.envelopes()).anySatisfy(line -> assertThat(line).contains("RET=HDRS", "ENVID=" + envelopeId))
            .anySatisfy(line -> assertThat(line).startsWith("RCPT TO:<refused-x@elsewhere.example>")
                .contains("NOTIFY=FAILURE", "ORCPT=rfc822;refused-x@elsewhere.example"));
    }

    @Test
    void eachRecipientIsNotifiedAsItsNotifyAsksNeverMeaningNone() throws Exception {
        String subject = "never or failure " + UUID.randomUUID();
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(client.send("MAIL FROM:<" + ALICE + ">").code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<refused-quiet@elsewhere.example> NOTIFY=NEVER").code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<refused-loud@elsewhere.example> NOTIFY=FAILURE,DELAY").code()).isEqualTo(250);
            assertThat(client.send("DATA").code()).isEqualTo(354);
            client.write("Subject: " + subject);
            client.write("");
            client.write("two recipients");
            assertThat(client.send(".").code()).isEqualTo(250);
        }

        String status = deliveryStatus(awaitReportAbout(subject));
        assertThat(status).contains("refused-loud@elsewhere.example").doesNotContain("refused-quiet@elsewhere.example");
    }

    @Test
    void aLocalRecipientWhoseSenderAskedForSuccessGetsTheSenderADeliveredReport() throws Exception {
        String subject = "success " + UUID.randomUUID();
        python(List.of("ENVID=local-1"), List.of("NOTIFY=SUCCESS"), BOB, subject);

        MSA.awaitDelivered(BOB, subject);
        String status = deliveryStatus(awaitReportAbout(subject));
        assertThat(status).contains("Original-Envelope-Id: local-1", "Final-Recipient: rfc822; " + BOB, "Action: delivered", "Status: 2.0.0\r\n");
    }

    /**
     * RFC 3461 6.2: success asked of a next hop without DSN gets a "relayed" report from this MSA; of one with DSN, the
     * request goes on and this MSA says nothing (the next hop will), so that the sender never hears twice.
     */
    @Test
    void successAskedOfANextHopWithoutDsnIsReportedRelayedAndOfOneWithDsnPassedOnWithoutAReportHere() throws Exception {
        String relayedSubject = "relayed " + UUID.randomUUID();
        NEXT_HOP.offerDsn(false);
        try {
            python(List.of(), List.of("NOTIFY=SUCCESS"), "friend@elsewhere.example", relayedSubject);
            String status = deliveryStatus(awaitReportAbout(relayedSubject));
            assertThat(status).contains("Final-Recipient: rfc822; friend@elsewhere.example", "Action: relayed", "Status: 2.0.0\r\n");
        } finally {
            NEXT_HOP.offerDsn(true);
        }

        String passedOnSubject = "passed on " + UUID.randomUUID();
        python(List.of(), List.of("NOTIFY=SUCCESS"), "friend@elsewhere.example", passedOnSubject);
        MsaTestServer.awaitUntil("the next hop received " + passedOnSubject, () -> relayed(passedOnSubject) > 0);
        assertThat(NEXT_HOP.envelopes()).anySatisfy(line -> assertThat(line).startsWith("RCPT TO:<friend@elsewhere.example>")
            .contains("NOTIFY=SUCCESS"));
        // A report made at that delivery would reach Alice before the failure report of a message submitted after it.
        String laterSubject = "later failure " + UUID.randomUUID();
        python(List.of(), List.of("NOTIFY=FAILURE"), "refused-after@elsewhere.example", laterSubject);
        awaitReportAbout(laterSubject);
        assertThat(reportAbout(passedOnSubject)).as("the next hop reports, not this MSA").isEmpty();
    }

    @Test
    void aRecipientTheNextHopDefersGetsTheSenderOneDelayReportWhenItAskedForOne() throws Exception {
        String subject = "delayed " + UUID.randomUUID();
        python(List.of(), List.of("NOTIFY=DELAY,FAILURE"), "later-x@elsewhere.example", subject);

        String status = deliveryStatus(awaitReportAbout(subject));
        assertThat(status).contains("Final-Recipient: rfc822; later-x@elsewhere.example", "Action: delayed", "Status: 4.4.1\r\n");
    }

    /** Python's smtplib over STARTTLS, as a mail program submits, with the DSN parameters given. */
    private static void python(List<String> mailOptions, List<String> rcptOptions, String recipient, String subject) throws Exception {
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", String.join("\n",
            "import smtplib, ssl, sys, json",
            "port, cafile, user, password, recipient, subject, mail_options, rcpt_options = sys.argv[1:]",
            "context = ssl.create_default_context(cafile=cafile)",
            "context.check_hostname = False",
            "with smtplib.SMTP('127.0.0.1', int(port)) as client:",
            "    client.starttls(context=context)",
            "    client.login(user, password)",
            "    message = 'From: ' + user + '\\r\\nTo: ' + recipient + '\\r\\nSubject: ' + subject + '\\r\\n\\r\\nhello\\r\\n'",
            "    client.sendmail(user, [recipient], message, json.loads(mail_options), json.loads(rcpt_options))"),
            Integer.toString(MSA.settingsForTests().submissionPort()), MSA.settingsForTests().home().resolve("tls/cert.pem").toString(),
            ALICE, ALICE_PASSWORD, recipient, subject, json(mailOptions), json(rcptOptions)).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor()).as(output).isZero();
    }

    private static String json(List<String> values) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(values);
    }

    /** The report in Alice's INBOX about the message with this subject. */
    private static MimeMessage awaitReportAbout(String subject) throws Exception {
        MsaTestServer.awaitUntil("Alice received a report about " + subject, () -> reportAbout(subject).isPresent());
        return reportAbout(subject).orElseThrow();
    }

    private static Optional<MimeMessage> reportAbout(String subject) {
        try {
            for (MimeMessage message : MSA.imap(ALICE).messages()) {
                if (message.getContentType().startsWith("multipart/report") && MsaTestServer.textOf(message).contains(subject)) {
                    return Optional.of(message);
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message/delivery-status part of an RFC 3464 report. */
    private static String deliveryStatus(MimeMessage report) throws Exception {
        MimeMultipart parts = (MimeMultipart) report.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).getContentType().startsWith("message/delivery-status")) {
                return new String(((javax.mail.internet.MimeBodyPart) parts.getBodyPart(i)).getRawInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no message/delivery-status part in the report");
    }

    private static long relayed(String subject) {
        return NEXT_HOP.received().stream().filter(message -> message.contains("Subject: " + subject)).count();
    }

    private static List<JsonNode> audited(String messageId) {
        try {
            return AuditQuery.find(MSA.auditDirectory(), new AuditQuery.Filter(Optional.of(messageId), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
