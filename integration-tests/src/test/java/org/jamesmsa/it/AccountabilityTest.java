package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.mail.internet.MimeMessage;

import org.jamesmsa.audit.AuditQuery;
import org.jamesmsa.audit.AuditTool;
import org.jamesmsa.it.SmtpClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * RFC 5068 3.1 accountability through James with the packaged conf/: one Received header with the RFC 3848 type,
 * the trace token, RFC 6409 section 8 fix-ups on submissions only, and an audit record per accepted message that
 * the operators' tool finds and verifies.
 */
class AccountabilityTest {

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer();

    private static JsonNode auditRecordOfTrace(String token) throws Exception {
        List<JsonNode> found = AuditQuery.find(MSA.auditDirectory(), new AuditQuery.Filter(java.util.Optional.empty(),
            java.util.Optional.of(token), java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
            java.util.Optional.empty()));
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private record ToolRun(int status, String out) {
    }

    private static ToolRun tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = AuditTool.run(args, Map.of("MSA_AUDIT_DIR", MSA.auditDirectory().toString()),
            new AuditTool.Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, java.time.Clock.systemUTC()));
        return new ToolRun(status, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void startTlsSubmissionIsStampedFixedUpAndAudited() throws Exception {
        String subject = "accountable " + UUID.randomUUID();
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            Reply accepted = client.sendMail(ALICE, "friend@elsewhere.example",
                "From: " + ALICE + "\r\nSubject: " + subject + "\r\nX-MSA-Trace: forged\r\n\r\nno Message-ID, no Date");
            assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
        }
        MimeMessage message = MSA.awaitRelayed(subject);

        List<String> received = MsaTestServer.msaReceivedHeaders(message);
        assertThat(received).as(String.join("\n---\n", message.getHeader("Received"))).hasSize(1);
        assertThat(received.get(0)).contains("with ESMTPSA", "(using TLSv1.3 with cipher TLS_").doesNotContain(ALICE);
        String token = message.getHeader("X-MSA-Trace")[0];
        assertThat(message.getHeader("X-MSA-Trace")).hasSize(1);
        assertThat(message.getHeader("X-MSA-Trace-Forged")).containsExactly("forged");
        assertThat(token).matches("[a-z2-7]{16}");
        assertThat(received.get(0)).contains("id " + token);
        assertThat(message.getMessageID()).as("RFC 6409 8.3").isNotBlank();
        assertThat(message.getHeader("Date")).as("RFC 6409 8.2").hasSize(1);

        JsonNode record = auditRecordOfTrace(token);
        assertThat(record.path("node").asText()).as("MSA_NODE_ID, by default the host name").isEqualTo(MsaTestServer.HOSTNAME);
        assertThat(record.path("authUser").asText()).isEqualTo(ALICE);
        assertThat(record.path("listener").asText()).isEqualTo("submission");
        assertThat(record.path("port").asInt()).isEqualTo(MSA.settingsForTests().submissionPort());
        assertThat(record.path("clientIp").asText()).isEqualTo("127.0.0.1");
        assertThat(record.path("clientPort").asInt()).isPositive();
        assertThat(record.path("helo").asText()).isEqualTo("client.example");
        assertThat(record.path("csv").asText()).isNotEmpty();
        assertThat(record.path("tls").path("protocol").asText()).isEqualTo("TLSv1.3");
        assertThat(record.path("tls").path("cipher").asText()).startsWith("TLS_");
        assertThat(record.path("mailFrom").asText()).isEqualTo(ALICE);
        assertThat(record.path("rcptTo").get(0).asText()).isEqualTo("friend@elsewhere.example");
        assertThat(record.path("messageId").asText()).isEqualTo(message.getMessageID());
        assertThat(record.path("sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(record.path("size").asLong()).isPositive();
        assertThat(record.path("ts").asText()).endsWith("Z");
        // Every edit was made at SMTP time: the record hashes the message as accepted, which is what left without the
        // DKIM signatures added after the record (from this MSA's Received header down; the next hop adds its own).
        String left = MsaTestServer.textOf(message);
        String accepted = left.substring(left.lastIndexOf("Received: ", left.indexOf("X-MSA-Trace: " + token)))
            .replaceAll("(?m)^DKIM-Signature:.*\r\n(?:[ \t].*\r\n)*", "");
        // SMTP carries the message with a line end at its end; the next hop's stored copy drops that last one.
        accepted = accepted.endsWith("\r\n") ? accepted : accepted + "\r\n";
        assertThat(record.path("sha256").asText()).as(accepted).isEqualTo(org.jamesmsa.audit.AuditChain.hex(
            org.jamesmsa.audit.AuditChain.sha256().digest(accepted.getBytes(StandardCharsets.UTF_8))));
        assertThat(record.path("size").asLong()).isEqualTo(accepted.length());

        assertThat(tool("find", "--message-id", message.getMessageID()).out()).contains(token, ALICE);
        assertThat(tool("find", "--trace", token, "--json").out()).contains("\"messageId\":\"" + message.getMessageID() + "\"");

        // The copy the next hop received, saved as a recipient would (LF line ends), matches the record by its body.
        java.nio.file.Path copy = java.nio.file.Files.createTempFile("complaint", ".eml");
        java.nio.file.Files.writeString(copy, MsaTestServer.textOf(message).replace("\r\n", "\n"));
        assertThat(record.path("bodySha256").asText())
            .isEqualTo(org.jamesmsa.audit.BodyHash.ofMessage(java.nio.file.Files.newInputStream(copy)));
        assertThat(tool("find", "--body-of", copy.toString(), "--json").out().lines())
            .singleElement().asString().contains("\"traceId\":\"" + token + "\"");
        java.nio.file.Files.writeString(copy, MsaTestServer.textOf(message).replace("no Message-ID", "no Message-Id"));
        assertThat(tool("find", "--body-of", copy.toString()).out().lines()).as("one byte of the body changed: no match, the header row only").hasSize(1);
    }

    @Test
    void mxDeliveryIsStampedEsmtpAuditedWithoutUserAndNotFixedUp() throws Exception {
        String subject = "inbound " + UUID.randomUUID();
        String messageId = "<" + UUID.randomUUID() + "@elsewhere.example>";
        try (SmtpClient client = MSA.mx()) {
            client.ehlo("mta.elsewhere.example");
            Reply accepted = client.sendMail("sender@elsewhere.example", BOB,
                "From: sender@elsewhere.example\r\nMessage-ID: " + messageId + "\r\nSubject: " + subject + "\r\n\r\nhi\r\n");
            assertThat(accepted.code()).isEqualTo(250);
        }
        MimeMessage message = MSA.awaitDelivered(BOB, subject);

        assertThat(MsaTestServer.msaReceivedHeaders(message)).hasSize(1).allMatch(h -> h.contains("with ESMTP\r\n") || h.contains("with ESMTP\n"));
        assertThat(message.getHeader("Date")).as("MX mail is never fixed up").isNull();
        assertThat(message.getMessageID()).isEqualTo(messageId);
        String token = message.getHeader("X-MSA-Trace")[0];
        JsonNode record = auditRecordOfTrace(token);
        assertThat(record.path("authUser").isNull()).isTrue();
        assertThat(record.path("listener").asText()).isEqualTo("mx");
        assertThat(record.path("tls").isNull()).isTrue();
        assertThat(record.path("messageId").asText()).isEqualTo(messageId);

        assertThat(tool("find", "--message-id", messageId).out()).contains(token);
        assertThat(tool("find", "--trace", token).out()).contains(messageId);
    }

    @Test
    void mxMailWithoutMessageIdKeepsHavingNone() throws Exception {
        MimeMessage message = MSA.mxDeliveredToBob("no id " + UUID.randomUUID());

        assertThat(message.getHeader("Message-ID")).isNull();
        assertThat(message.getHeader("Date")).isNull();
        assertThat(message.getHeader("Received")).hasSize(1);
        assertThat(message.getHeader("X-MSA-Trace")).hasSize(1);
    }

    @Test
    void mxOverStartTlsIsEsmtps() throws Exception {
        String subject = "inbound tls " + UUID.randomUUID();
        try (SmtpClient client = MSA.mx()) {
            client.ehlo("mta.elsewhere.example");
            client.startTls("mta.elsewhere.example");
            assertThat(client.sendMail("sender@elsewhere.example", BOB, "Subject: " + subject + "\r\n\r\nhi\r\n").code()).isEqualTo(250);
        }

        assertThat(MsaTestServer.msaReceivedHeaders(MSA.awaitDelivered(BOB, subject)).get(0)).contains("with ESMTPS", "(using TLSv1.");
    }

    @Test
    void tamperedAuditLogFailsVerify() throws Exception {
        String subject = "tamper " + UUID.randomUUID();
        try (SmtpClient client = MSA.mx()) {
            client.ehlo("mta.elsewhere.example");
            client.sendMail("sender@elsewhere.example", BOB, "Subject: " + subject + "\r\n\r\nhi\r\n");
        }
        MSA.awaitDelivered(BOB, subject);
        assertThat(tool("verify").status()).isZero();

        Path copy = Files.createTempDirectory("tampered-audit");
        for (Path file : Files.list(MSA.auditDirectory()).toList()) {
            Files.writeString(copy.resolve(file.getFileName()), Files.readString(file).replace("sender@elsewhere.example", "innocent@elsewhere.example"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = AuditTool.run(new String[] {"--dir", copy.toString(), "--anchors", MSA.auditDirectory().resolveSibling("audit-anchors").toString(), "verify"},
            Map.of(), new AuditTool.Console(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, false, java.time.Clock.systemUTC()));

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("PROBLEM: audit-", "hash does not match the record (altered)", "BROKEN: ");
    }
}
