package org.jamesmsa.smtp.submission;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.jamesmsa.model.FromHeader;
import org.jamesmsa.model.MsaAttributes;
import org.jamesmsa.model.SenderOwnership;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.SmtpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a submission listener does when the {@code From} header is not an address the authenticated user may send
 * as (their own, their aliases, alias domains: {@link SenderOwnership}, as for the envelope). RFC 6409 8.1:
 * {@code sender} (the default) accepts the message and has {@code SubmissionFixups} add {@code Sender:} with the
 * user's address, so that the recipient sees who sent it; {@code reject} refuses the message
 * ({@code 550 5.7.1}); {@code accept} leaves it as it is.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.submission.HeaderFromPolicyHook">
 *     <policy>sender</policy>
 * </handler>
 * }</pre>
 */
public class HeaderFromPolicyHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(HeaderFromPolicyHook.class);

    /** The listener's answer to a From the user does not own. */
    public enum Policy { ACCEPT, SENDER, REJECT }

    private final SenderOwnership ownership;
    private Policy policy = Policy.SENDER;

    @Inject
    public HeaderFromPolicyHook(UsersRepository users, CanSendFrom canSendFrom) {
        this.ownership = new SenderOwnership(users, canSendFrom);
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        policy = Settings.ofHandler(config, getClass(), List.of("policy")).get("policy", ValueType.choice(Policy.class), Policy.SENDER);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        Username user = session.getUsername();
        if (user == null || policy == Policy.ACCEPT) {
            return HookResult.DECLINED;
        }
        Optional<MailAddress> from = singleFrom(mail);
        if (from.isPresent() && owns(user, from.get())) {
            return HookResult.DECLINED;
        }
        String shown = from.map(MailAddress::asString).orElse("(none, or more than one)");
        if (policy == Policy.REJECT) {
            LOGGER.info("Message of {} refused in session {}: From {} is not one of the user's addresses", user.asString(),
                session.getSessionID(), shown);
            return SmtpReplies.deny(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE, "5.7.1", "From header " + shown
                + " is not an address of " + user.asString() + "; send with one of your own addresses");
        }
        mail.setAttribute(new Attribute(MsaAttributes.SENDER_HEADER, AttributeValue.of(user.asString())));
        return HookResult.DECLINED;
    }

    private boolean owns(Username user, MailAddress from) {
        try {
            return ownership.owns(user, from);
        } catch (Exception e) {
            LOGGER.warn("Cannot check whether {} owns {}; treated as not owned", user.asString(), from.asString(), e);
            return false;
        }
    }

    private static Optional<MailAddress> singleFrom(Mail mail) {
        try {
            Optional<String> from = FromHeader.singleAddress(mail.getMessage());
            return from.isPresent() ? Optional.of(new MailAddress(from.get())) : Optional.empty();
        } catch (AddressException e) {
            return Optional.empty();
        } catch (MessagingException e) {
            LOGGER.warn("Cannot read the From header of message {}", mail.getName(), e);
            return Optional.empty();
        }
    }
}
