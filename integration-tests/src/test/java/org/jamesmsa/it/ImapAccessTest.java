package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;
import static org.jamesmsa.it.MsaTestServer.BOB_PASSWORD;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.mail.internet.MimeMessage;

import org.jamesmsa.audit.AuditField;
import org.jamesmsa.audit.AuditQuery;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Local mailboxes over IMAP with a real client (JavaMail's IMAP provider): implicit TLS on the IMAPS listener and
 * STARTTLS on the IMAP one, the certificate of the SMTP listeners, and no credentials in clear. The next hop refuses
 * every recipient, so that a submitter gets a real bounce (DSN) in their mailbox.
 */
class ImapAccessTest {
    private static final NextHopServer REFUSING_NEXT_HOP = start();

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer(Map.of("MSA_SMARTHOST", "127.0.0.1:" + REFUSING_NEXT_HOP.port()));

    private static NextHopServer start() {
        try {
            return NextHopServer.refusingEveryRecipient();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopNextHop() throws IOException {
        REFUSING_NEXT_HOP.close();
    }

    private static String submit(String to) throws Exception {
        String subject = "imap " + UUID.randomUUID();
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(client.sendMail(ALICE, to, "Subject: " + subject + "\r\n\r\nfor IMAP\r\n").code()).isEqualTo(250);
        }
        return subject;
    }

    @Test
    void localUserReadsADeliveredMessageOverImapsAndOverStartTls() throws Exception {
        String subject = submit(BOB);

        MimeMessage overImaps = MSA.awaitDelivered(BOB, subject);
        assertThat(overImaps.getContent().toString()).contains("for IMAP");

        ImapMailbox overStartTls = ImapMailbox.overStartTls(MSA.settingsForTests().imapPort(), MSA.clientTls(), BOB, BOB_PASSWORD);
        assertThat(overStartTls.messages()).extracting(MimeMessage::getSubject).contains(subject);
    }

    @Test
    void submitterReadsTheBounceOfARecipientTheNextHopRefused() throws Exception {
        String subject = submit("nobody@remote.example");

        MsaTestServer.awaitUntil("Alice received the bounce", () -> bounceAbout(subject) != null);
        MimeMessage bounce = bounceAbout(subject);
        assertThat(bounce.getContentType()).startsWith("multipart/report").contains("delivery-status");
        assertThat(MsaTestServer.textOf(bounce)).contains("nobody@remote.example", "5.1.1");
        assertTheBounceIsAuditedAsABounceAboutTheSubmission(subject);
    }

    /** James's DSN copies the submission's session facts; the audit record must not attribute the bounce to them. */
    private static void assertTheBounceIsAuditedAsABounceAboutTheSubmission(String subject) throws Exception {
        JsonNode submission = AuditQuery.find(MSA.auditDirectory(), AuditQuery.Filter.any()).stream()
            .filter(record -> record.path("rcptTo").toString().contains("nobody@remote.example")).findFirst().orElseThrow();
        String trace = AuditQuery.text(submission, AuditField.TRACE_ID);
        MsaTestServer.awaitUntil("the bounce is audited", () -> bounceRecord(trace).isPresent());
        JsonNode bounce = bounceRecord(trace).orElseThrow();

        assertThat(AuditQuery.text(submission, AuditField.ORIGIN)).isEqualTo("submission");
        assertThat(AuditQuery.text(submission, AuditField.AUTH_USER)).isEqualTo(ALICE);
        assertThat(AuditQuery.text(bounce, AuditField.ABOUT)).isEqualTo(trace);
        assertThat(AuditQuery.text(bounce, AuditField.AUTH_USER)).as("not the user's submission").isEmpty();
        assertThat(AuditQuery.text(bounce, AuditField.LISTENER)).isEmpty();
        assertThat(AuditQuery.text(bounce, AuditField.CLIENT_IP)).isEmpty();
        assertThat(AuditQuery.text(bounce, AuditField.TRACE_ID)).isNotEqualTo(trace);
        assertThat(AuditQuery.text(bounce, AuditField.MAIL_FROM)).as("a bounce has the null sender").isEmpty();
        assertThat(bounce.path("rcptTo").get(0).asText()).isEqualTo(ALICE);
    }

    private static java.util.Optional<JsonNode> bounceRecord(String aboutTrace) {
        try {
            return AuditQuery.find(MSA.auditDirectory(), new AuditQuery.Filter(java.util.Optional.empty(),
                    java.util.Optional.of(aboutTrace), java.util.Optional.empty(), java.util.Optional.empty(),
                    java.util.Optional.empty(), java.util.Optional.empty())).stream()
                .filter(record -> AuditQuery.text(record, AuditField.ORIGIN).equals("bounce")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MimeMessage bounceAbout(String subject) {
        try {
            for (MimeMessage message : MSA.imap(ALICE).messages()) {
                if (MsaTestServer.textOf(message).contains(subject)) {
                    return message;
                }
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void loginAndAuthenticateInClearAreRefusedBeforeStartTls() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", MSA.settingsForTests().imapPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");

            String capabilities = String.join("\n", command(in, out, "a1 CAPABILITY"));
            assertThat(capabilities).contains("LOGINDISABLED", "STARTTLS").doesNotContain("AUTH=PLAIN");
            assertThat(last(command(in, out, "a2 LOGIN " + BOB + " \"" + BOB_PASSWORD + "\""))).startsWith("a2 NO");
            assertThat(last(command(in, out, "a3 AUTHENTICATE PLAIN"))).startsWith("a3 NO");
        }
    }

    /** Sends one command and returns every line up to and including the tagged one. */
    private static List<String> command(BufferedReader in, OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String tag = line.substring(0, line.indexOf(' ') + 1);
        List<String> lines = new ArrayList<>();
        for (String reply = in.readLine(); reply != null; reply = in.readLine()) {
            lines.add(reply);
            if (reply.startsWith(tag)) {
                return lines;
            }
        }
        throw new IOException("connection closed before the reply to " + line);
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }
}
