package org.jamesmsa.mailets;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesmsa.model.MachineName;
import org.jamesmsa.model.MessageDates;
import org.jamesmsa.model.MsaAttributes;
import org.jamesmsa.model.SubmissionFacts;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;

/**
 * RFC 6409 section 8 fix-ups of authenticated submissions: adds {@code Message-ID} when missing (8.3, on the right
 * the host name the MSA announces) and {@code Date} when missing (8.2), and sets {@code Sender} to the authenticated
 * user when the listener's From policy asked for it (8.1; {@code HeaderFromPolicyHook} decides at SMTP time). Mail of
 * the MX listener, and mail without an authenticated user, is never touched, whatever the matcher.
 *
 * <pre>{@code
 * <mailet match="SMTPAuthSuccessful" class="org.jamesmsa.mailets.SubmissionFixups">
 *     <!-- Right-hand side of generated Message-IDs: MSA_HOSTNAME. Default: this machine's name. -->
 *     <hostname>mail.example.org</hostname>
 * </mailet>
 * }</pre>
 */
public class SubmissionFixups extends GenericMailet {
    private String hostname;

    @Override
    public void init() throws MessagingException {
        Settings settings = Settings.ofMailet(getMailetConfig(), List.of("hostname"));
        hostname = settings.optional("hostname", ValueType.TEXT).orElseGet(MachineName::canonical);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<SubmissionFacts> facts = SubmissionFacts.from(mail);
        if (facts.isEmpty() || !facts.get().isAuthenticatedSubmission()) {
            return;
        }
        MimeMessage message = mail.getMessage();
        if (message.getHeader("Message-ID") == null) {
            message.setHeader("Message-ID", "<" + UUID.randomUUID() + "@" + hostname + ">");
        }
        if (message.getHeader("Date") == null) {
            message.setHeader("Date", MessageDates.now());
        }
        Optional<String> sender = facts.get().text(MsaAttributes.SENDER_HEADER);
        if (sender.isPresent()) {
            message.setHeader("Sender", sender.get());
        }
    }

    @Override
    public String getMailetInfo() {
        return "RFC 6409 section 8 fix-ups of authenticated submissions";
    }
}
