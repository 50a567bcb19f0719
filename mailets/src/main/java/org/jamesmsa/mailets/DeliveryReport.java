package org.jamesmsa.mailets;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.javax.MimeMultipartReport;
import org.apache.james.server.core.MailImpl;
import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesmsa.contracts.MachineName;
import org.jamesmsa.contracts.SubmissionFacts;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;

/**
 * A delivery status notification (RFC 3461) to the sender of the message, as an RFC 3464 report about each of its
 * recipients here (a matcher before it chooses them: {@code DSNFailureRequested}, {@code DSNSuccessRequested},
 * {@code DSNDelayRequested}); the message itself stops here. James's {@code DSNBounce} writes the next hop's whole reply
 * where RFC 3464 2.3.4 wants the status code alone, names the machine rather than the MSA as {@code Reporting-MTA}, and
 * drops the recipient's {@code ORCPT}; this report has each right, and the sender's envelope ID and arrival date.
 *
 * <pre>{@code
 * <mailet match="DSNFailureRequested" class="org.jamesmsa.mailets.DeliveryReport">
 *     <!-- failed, delayed, delivered or relayed. -->
 *     <action>failed</action>
 *     <!-- The status when the failure names none (RFC 3463). Default: 5.0.0, 4.0.0 or 2.0.0 by action. -->
 *     <defaultStatus>5.0.0</defaultStatus>
 *     <!-- The name of the reporting MTA: MSA_HOSTNAME. Default: the machine's name. -->
 *     <reportingMta>mail.example.org</reportingMta>
 * </mailet>
 * }</pre>
 * A failure report returns the whole message unless the sender asked {@code RET=HDRS}; the others its headers alone.
 * No report is sent about a message with the null sender (RFC 3461 6.2: no notification about a notification).
 */
public class DeliveryReport extends GenericMailet {
    private static final Pattern STATUS_CODE = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
    private static final AttributeName ARRIVAL_DATE = AttributeName.of("dsn-arrival-date");
    private static final String CRLF = "\r\n";

    /** What became of the recipients, RFC 3464 2.3.3. */
    enum Action {
        FAILED("failed", "Failure", "5.0.0", "Your message could not be delivered to the recipients below. This is a permanent "
            + "error: it will not be tried again."),
        DELAYED("delayed", "Delay", "4.0.0", "Your message could not be delivered yet to the recipients below. The problem may "
            + "be temporary: delivery is tried again for several days, and you will hear if it fails for good."),
        DELIVERED("delivered", "Success", "2.0.0", "Your message was delivered to the mailboxes of the recipients below, as "
            + "you asked."),
        RELAYED("relayed", "Relayed", "2.0.0", "Your message was passed on for the recipients below to a mail server that "
            + "does not report deliveries: you will hear nothing more of it unless it fails.");

        final String field;
        final String title;
        final String defaultStatus;
        final String explanation;

        Action(String field, String title, String defaultStatus, String explanation) {
            this.field = field;
            this.title = title;
            this.defaultStatus = defaultStatus;
            this.explanation = explanation;
        }

        static Optional<Action> named(String name) {
            for (Action action : values()) {
                if (action.field.equalsIgnoreCase(name.strip())) {
                    return Optional.of(action);
                }
            }
            return Optional.empty();
        }
    }

    private final Clock clock;
    private Action action;
    private String defaultStatus;
    private String reportingMta;

    public DeliveryReport() {
        this(Clock.systemUTC());
    }

    DeliveryReport(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        Settings settings = Settings.ofMailet(getMailetConfig(), List.of("action", "defaultStatus", "reportingMta"));
        action = settings.required("action", ValueType.of("failed, delayed, delivered or relayed", Action::named));
        defaultStatus = settings.get("defaultStatus", ValueType.of("an RFC 3463 status code such as 5.0.0",
            text -> Optional.of(text.strip()).filter(code -> STATUS_CODE.matcher(code).matches())), action.defaultStatus);
        reportingMta = settings.optional("reportingMta", ValueType.TEXT).filter(name -> !name.isBlank())
            .orElseGet(MachineName::canonical);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (sender.isPresent() && !mail.getRecipients().isEmpty()) {
            getMailetContext().sendMail(report(mail, sender.get()));
        }
        mail.setState(Mail.GHOST);
    }

    private Mail report(Mail mail, MailAddress sender) throws MessagingException {
        MimeMessage original = mail.getMessage();
        String messageId = "<" + java.util.UUID.randomUUID() + "@" + reportingMta + ">";
        MimeMessage report = new MimeMessage(Session.getInstance(new Properties())) {
            // JavaMail would name the machine; the report names the MTA it comes from.
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        report.setFrom(new InternetAddress(getMailetContext().getPostmaster().asString()));
        report.setRecipient(Message.RecipientType.TO, sender.toInternetAddress().orElseThrow());
        report.setSubject("Delivery Status Notification (" + action.title + ")" + Optional.ofNullable(original.getSubject())
            .map(subject -> ": " + subject).orElse(""), StandardCharsets.UTF_8.name());
        // RFC 3834: an automatic answer, which well-behaved responders do not answer.
        report.setHeader("Auto-Submitted", "auto-replied");
        report.setSentDate(java.util.Date.from(clock.instant()));

        MimeMultipartReport parts = new MimeMultipartReport();
        parts.setReportType("delivery-status");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(humanReadable(mail), StandardCharsets.UTF_8.name());
        parts.addBodyPart(text);
        MimeBodyPart status = new MimeBodyPart();
        status.setContent(deliveryStatus(mail), "text/plain");
        status.setHeader("Content-Type", "message/delivery-status");
        parts.addBodyPart(status);
        parts.addBodyPart(returned(mail, original));
        report.setContent(parts);
        report.saveChanges();

        MailImpl reportMail = MailImpl.builder().name(MailImpl.getId()).sender(MaybeSender.nullSender()).addRecipient(sender)
            .mimeMessage(report).build();
        // The report is audited as a bounce about the message: it carries that message's session facts (its trace ID).
        SubmissionFacts.from(mail).ifPresent(facts -> facts.writeTo(reportMail));
        return reportMail;
    }

    private String humanReadable(Mail mail) {
        StringBuilder text = new StringBuilder("This is the mail server at ").append(reportingMta).append(".\n\n")
            .append(action.explanation).append("\n\n");
        for (MailAddress recipient : mail.getRecipients()) {
            text.append("  <").append(recipient.asString()).append(">");
            deliveryError(mail).ifPresent(error -> text.append(": ").append(error));
            text.append('\n');
        }
        return text.toString();
    }

    /** RFC 3464 2.2 and 2.3: the fields of the message, then a block per recipient. */
    String deliveryStatus(Mail mail) {
        StringBuilder fields = new StringBuilder("Reporting-MTA: dns; ").append(reportingMta).append(CRLF);
        Optional<DsnParameters> dsn = mail.dsnParameters();
        dsn.flatMap(DsnParameters::getEnvIdParameter).ifPresent(id -> fields.append("Original-Envelope-Id: ").append(id.asString()).append(CRLF));
        AttributeUtils.getValueAndCastFromMail(mail, ARRIVAL_DATE, ZonedDateTime.class)
            .or(() -> Optional.ofNullable(mail.getLastUpdated()).map(date -> ZonedDateTime.ofInstant(date.toInstant(), ZoneOffset.UTC)))
            .ifPresent(arrival -> fields.append("Arrival-Date: ").append(rfc5322(arrival)).append(CRLF));
        Map<MailAddress, DsnParameters.RecipientDsnParameters> recipients = dsn
            .<Map<MailAddress, DsnParameters.RecipientDsnParameters>>map(DsnParameters::getRcptParameters).orElse(Map.of());
        Optional<String> error = deliveryError(mail);
        for (MailAddress recipient : mail.getRecipients()) {
            fields.append(CRLF);
            Optional.ofNullable(recipients.get(recipient)).flatMap(DsnParameters.RecipientDsnParameters::getOrcptParameter)
                .ifPresent(orcpt -> fields.append("Original-Recipient: rfc822; ").append(orcpt.asString()).append(CRLF));
            fields.append("Final-Recipient: rfc822; ").append(recipient.asString()).append(CRLF)
                .append("Action: ").append(action.field).append(CRLF)
                .append("Status: ").append(error.flatMap(DeliveryReport::statusCode).orElse(defaultStatus)).append(CRLF);
            error.filter(text -> text.matches("^[2-5]\\d\\d[ -].*")).ifPresent(reply ->
                fields.append("Diagnostic-Code: smtp; ").append(reply.replaceAll("\\s+", " ")).append(CRLF));
            if (action == Action.FAILED || action == Action.DELAYED) {
                fields.append("Last-Attempt-Date: ").append(rfc5322(ZonedDateTime.now(clock))).append(CRLF);
            }
        }
        return fields.toString();
    }

    /** The enhanced status code in a reply or error text, the first one. */
    static Optional<String> statusCode(String text) {
        Matcher code = STATUS_CODE.matcher(text);
        return code.find() ? Optional.of(code.group()) : Optional.empty();
    }

    private static Optional<String> deliveryError(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, Bouncer.DELIVERY_ERROR, String.class).map(String::strip)
            .filter(text -> !text.isEmpty());
    }

    /** The whole message for a failure, unless the sender asked for headers only (RET=HDRS); headers otherwise. */
    private MimeBodyPart returned(Mail mail, MimeMessage original) throws MessagingException {
        Optional<DsnParameters.Ret> ret = mail.dsnParameters().flatMap(DsnParameters::getRetParameter);
        boolean whole = action == Action.FAILED ? ret.map(r -> r == DsnParameters.Ret.FULL).orElse(true)
            : ret.map(r -> r == DsnParameters.Ret.FULL).orElse(false);
        MimeBodyPart part = new MimeBodyPart();
        if (whole) {
            part.setContent(original, "message/rfc822");
        } else {
            part.setContent(headers(original), "text/plain");
            part.setHeader("Content-Type", "text/rfc822-headers");
        }
        return part;
    }

    private static String headers(MimeMessage message) throws MessagingException {
        StringBuilder text = new StringBuilder();
        for (Enumeration<String> lines = message.getAllHeaderLines(); lines.hasMoreElements(); ) {
            text.append(lines.nextElement()).append(CRLF);
        }
        return text.toString();
    }

    private static String rfc5322(ZonedDateTime time) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.US).format(time);
    }

    @Override
    public String getMailetInfo() {
        return "Delivery status notifications (RFC 3461) as RFC 3464 reports";
    }
}
