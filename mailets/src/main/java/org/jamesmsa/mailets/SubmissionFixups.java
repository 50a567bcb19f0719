package org.jamesmsa.mailets;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesmsa.model.MessageDates;
import org.jamesmsa.model.SenderOwnership;
import org.jamesmsa.model.SubmissionFacts;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 6409 section 8 fix-ups of authenticated submissions: adds {@code Message-ID} when missing (8.3) and
 * {@code Date} when missing (8.2); with {@code addSender}, sets {@code Sender} to the authenticated user when
 * {@code From} is not an address that user may send as (8.1, {@link SenderOwnership} decides, as for the envelope).
 * Mail of the MX listener, and mail without an authenticated user, is never touched, whatever the matcher.
 *
 * <pre>{@code
 * <mailet match="SMTPAuthSuccessful" class="org.jamesmsa.mailets.SubmissionFixups">
 *     <!-- Set Sender when From is not the user's. Default: false. -->
 *     <addSender>false</addSender>
 *     <!-- Right-hand side of generated Message-IDs. Default: this host's name. -->
 *     <hostname>msa.example.org</hostname>
 * </mailet>
 * }</pre>
 */
public class SubmissionFixups extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SubmissionFixups.class);

    private final SenderOwnership ownership;
    private boolean addSender;
    private String hostname;

    @Inject
    public SubmissionFixups(UsersRepository users, CanSendFrom canSendFrom) {
        this.ownership = new SenderOwnership(users, canSendFrom);
    }

    @Override
    public void init() throws MessagingException {
        Settings settings = Settings.ofMailet(getMailetConfig(), List.of("addSender", "hostname"));
        addSender = settings.get("addSender", ValueType.BOOLEAN, false);
        hostname = settings.optional("hostname", ValueType.TEXT).orElseGet(SubmissionFixups::localHostName);
    }

    private static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getCanonicalHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<SubmissionFacts> facts = SubmissionFacts.from(mail);
        if (facts.isEmpty() || !facts.get().isAuthenticatedSubmission()) {
            return;
        }
        Username user = Username.of(facts.get().authUser().orElseThrow());
        MimeMessage message = mail.getMessage();
        if (message.getHeader("Message-ID") == null) {
            message.setHeader("Message-ID", "<" + UUID.randomUUID() + "@" + hostname + ">");
        }
        if (message.getHeader("Date") == null) {
            message.setHeader("Date", MessageDates.now());
        }
        if (addSender && !fromBelongsTo(user, message)) {
            message.setHeader("Sender", user.asMailAddress().asString());
        }
    }

    private boolean fromBelongsTo(Username user, MimeMessage message) {
        try {
            String[] from = message.getHeader("From");
            if (from == null || from.length != 1) {
                return false;
            }
            InternetAddress[] addresses = InternetAddress.parseHeader(from[0], false);
            if (addresses.length != 1) {
                return false;
            }
            return ownership.owns(user, new MailAddress(addresses[0].getAddress()));
        } catch (AddressException e) {
            return false;
        } catch (Exception e) {
            LOGGER.warn("Cannot check the From of a message of {}; adding Sender", user.asString(), e);
            return false;
        }
    }

    @Override
    public String getMailetInfo() {
        return "RFC 6409 section 8 fix-ups of authenticated submissions";
    }
}
