package org.jamesmsa.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;

import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesmsa.contracts.ListenerRole;
import org.jamesmsa.contracts.SessionFact;
import org.jamesmsa.contracts.SubmissionFacts;
import org.junit.jupiter.api.Test;

class DeliveryReportTest {
    private final FakeMailContext context = FakeMailContext.builder().postmaster(new MailAddress("postmaster@msa.test")).build();

    DeliveryReportTest() throws Exception {
    }

    private DeliveryReport mailet(String action) throws Exception {
        DeliveryReport mailet = new DeliveryReport(Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC));
        mailet.init(FakeMailetConfig.builder().mailetName("DeliveryReport").mailetContext(context).setProperty("action", action)
            .setProperty("reportingMta", "mail.msa.test").build());
        return mailet;
    }

    private static FakeMail refused(DsnParameters.Ret ret) throws Exception {
        MailAddress recipient = new MailAddress("friend@elsewhere.example");
        FakeMail mail = FakeMail.builder().name("m").sender("alice@msa.test").recipient(recipient)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("the plan").setText("body text"))
            .attribute(new Attribute(Bouncer.DELIVERY_ERROR, AttributeValue.of("550 5.1.1 <friend@elsewhere.example>: no such user")))
            .attribute(new Attribute(org.apache.mailet.AttributeName.of("dsn-arrival-date"),
                AttributeValue.of(java.time.ZonedDateTime.parse("2026-12-03T09:58:00Z"))))
            .build();
        mail.setDsnParameters(DsnParameters.of(Optional.of(DsnParameters.EnvId.of("QQ314159")), Optional.of(ret),
            com.google.common.collect.ImmutableMap.of(recipient, DsnParameters.RecipientDsnParameters.of(EnumSet.of(DsnParameters.Notify.FAILURE),
                new MailAddress("Friend@Elsewhere.example")))).orElseThrow());
        SubmissionFacts.builder(ListenerRole.SUBMISSION).with(SessionFact.TRACE_ID, "k3q7a2mfx4tb6e5w").build().writeTo(mail);
        return mail;
    }

    /** The report as its recipient reads it: written out and parsed again. */
    private static MimeMessage asReceived(MimeMessage sent) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        sent.writeTo(bytes);
        return new MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(bytes.toByteArray()));
    }

    private static String part(MimeMessage report, int index) throws Exception {
        MimeMultipart parts = (MimeMultipart) report.getContent();
        return new String(((javax.mail.internet.MimeBodyPart) parts.getBodyPart(index)).getRawInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aFailureReportsTheStatusCodeAloneTheReplyAsDiagnosticTheOriginalRecipientAndTheEnvelopeId() throws Exception {
        FakeMail mail = refused(DsnParameters.Ret.HDRS);

        mailet("failed").service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        assertThat(sent.getSender()).as("the null sender: nobody answers a report").isNull();
        assertThat(sent.getRecipients()).containsExactly(new MailAddress("alice@msa.test"));
        MimeMessage report = asReceived(sent.getMsg());
        assertThat(report.getSubject()).isEqualTo("Delivery Status Notification (Failure): the plan");
        assertThat(report.getHeader("Auto-Submitted")).containsExactly("auto-replied");
        assertThat(report.getMessageID()).endsWith("@mail.msa.test>");
        MimeMultipart parts = (MimeMultipart) report.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");
        assertThat(parts.getBodyPart(1).getContentType()).isEqualTo("message/delivery-status");
        assertThat(part(report, 1)).isEqualTo("Reporting-MTA: dns; mail.msa.test\r\n"
            + "Original-Envelope-Id: QQ314159\r\n"
            + "Arrival-Date: Thu, 3 Dec 2026 09:58:00 GMT\r\n"
            + "\r\n"
            + "Original-Recipient: rfc822; Friend@elsewhere.example\r\n"
            + "Final-Recipient: rfc822; friend@elsewhere.example\r\n"
            + "Action: failed\r\n"
            + "Status: 5.1.1\r\n"
            + "Diagnostic-Code: smtp; 550 5.1.1 <friend@elsewhere.example>: no such user\r\n"
            + "Last-Attempt-Date: Thu, 3 Dec 2026 10:00:00 GMT\r\n");
        assertThat(parts.getBodyPart(2).getContentType()).as("RET=HDRS").isEqualTo("text/rfc822-headers");
        assertThat(part(report, 2)).contains("Subject: the plan").doesNotContain("body text");
        assertThat(sent.getAttributes().get(SessionFact.TRACE_ID.attribute())).as("audited as a bounce about the message")
            .isEqualTo(new Attribute(SessionFact.TRACE_ID.attribute(), AttributeValue.of("k3q7a2mfx4tb6e5w")));
        assertThat(sent.getAttributes()).as("no report about a report").doesNotContainKey(org.apache.mailet.AttributeName.of("dsn-notify"));
    }

    @Test
    void aFailureReturnsTheWholeMessageUnlessAskedOtherwiseAndAStatuslessErrorGetsTheDefault() throws Exception {
        FakeMail mail = refused(DsnParameters.Ret.FULL);
        mail.setAttribute(new Attribute(Bouncer.DELIVERY_ERROR, AttributeValue.of("Too many retries failure. Bouncing after 26 retries.")));

        mailet("failed").service(mail);

        MimeMessage report = asReceived(context.getSentMails().get(0).getMsg());
        assertThat(part(report, 1)).contains("Status: 5.0.0\r\n").doesNotContain("Diagnostic-Code");
        assertThat(((MimeMultipart) report.getContent()).getBodyPart(2).getContentType()).startsWith("message/rfc822");
    }

    @Test
    void nothingIsReportedAboutAMessageWithTheNullSender() throws Exception {
        FakeMail bounce = FakeMail.builder().name("b").recipient("alice@msa.test")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("a report")).build();

        mailet("delivered").service(bounce);

        assertThat(context.getSentMails()).isEmpty();
        assertThat(bounce.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void theActionIsRequiredAndNamed() {
        assertThatThrownBy(() -> mailet("lost")).hasMessageContaining("<action> of mailet DeliveryReport has value 'lost'");
    }

    @Test
    void theStatusCodeIsTheFirstEnhancedCodeOfTheText() {
        assertThat(DeliveryReport.statusCode("451 4.4.1 Try again later")).contains("4.4.1");
        assertThat(DeliveryReport.statusCode("550 mailbox unavailable")).isEmpty();
    }
}
