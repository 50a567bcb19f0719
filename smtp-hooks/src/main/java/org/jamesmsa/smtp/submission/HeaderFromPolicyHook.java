package org.jamesmsa.smtp.submission;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Mail;
import org.jamesmsa.contracts.FromHeader;
import org.jamesmsa.contracts.SenderOwnership;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.SmtpReplies;
import org.jamesmsa.smtp.HeaderSectionFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a submission listener does when the {@code From} header is not an address the authenticated user may send
 * as (their own, their aliases, alias domains: {@link SenderOwnership}, as for the envelope). RFC 6409 8.1:
 * {@code sender} (the default) accepts the message with {@code Sender:} set to the user's address, so that the
 * recipient sees who sent it; {@code reject} refuses the message ({@code 550 5.7.1}); {@code accept} leaves it as it
 * is. The From fields are read as they stream in and judged at the end of the header section; the
 * {@code Sender:} field is written by {@code MessageStamping} with the message's other SMTP-time edits
 * ({@link #senderToWrite}), and the refusal given once the data has ended.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.submission.HeaderFromPolicyHook">
 *     <policy>sender</policy>
 * </handler>
 * }</pre>
 * List it before {@code MessageStamping}.
 */
public class HeaderFromPolicyHook extends HeaderSectionFilter implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(HeaderFromPolicyHook.class);
    private static final AttachmentKey<FromFields> FROM_FIELDS = AttachmentKey.of("msa.fromPolicy.fields", FromFields.class);
    private static final AttachmentKey<String> SENDER = AttachmentKey.of("msa.fromPolicy.sender", String.class);
    private static final AttachmentKey<String> REFUSED = AttachmentKey.of("msa.fromPolicy.refused", String.class);

    /** The listener's answer to a From the user does not own. */
    public enum Policy { ACCEPT, SENDER, REJECT }

    /** The From fields of the message being received, unfolded. */
    private static final class FromFields {
        final List<StringBuilder> values = new ArrayList<>();
        boolean inFrom;
    }

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

    /** The {@code Sender:} value the policy asked for the message being received: the user's address. */
    public static Optional<String> senderToWrite(SMTPSession session) {
        return session.getAttachment(SENDER, State.Transaction);
    }

    @Override
    protected Response onHeaderLine(SMTPSession session, byte[] line, boolean continuation, LineHandler<SMTPSession> next) {
        if (judged(session)) {
            FromFields from = session.getAttachment(FROM_FIELDS, State.Transaction).orElseGet(() -> {
                FromFields fields = new FromFields();
                session.setAttachment(FROM_FIELDS, fields, State.Transaction);
                return fields;
            });
            String text = new String(line, StandardCharsets.UTF_8).stripTrailing();
            if (continuation) {
                if (from.inFrom) {
                    from.values.get(from.values.size() - 1).append(' ').append(text.strip());
                }
            } else {
                from.inFrom = fieldName(line).equals("from");
                if (from.inFrom) {
                    from.values.add(new StringBuilder(text.substring(text.indexOf(':') + 1).strip()));
                }
            }
        }
        return next.onLine(session, line);
    }

    @Override
    protected Response onHeaderEnd(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (judged(session)) {
            Username user = session.getUsername();
            List<String> values = session.getAttachment(FROM_FIELDS, State.Transaction)
                .map(fields -> fields.values.stream().map(StringBuilder::toString).collect(java.util.stream.Collectors.toList()))
                .orElse(List.of());
            Optional<MailAddress> from = singleFrom(values);
            if (from.isEmpty() || !owns(user, from.get())) {
                if (policy == Policy.REJECT) {
                    session.setAttachment(REFUSED, from.map(MailAddress::asString).orElse("(none, or more than one)"), State.Transaction);
                } else {
                    session.setAttachment(SENDER, user.asString(), State.Transaction);
                }
            }
        }
        return next.onLine(session, line);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        Optional<String> refused = session.getAttachment(REFUSED, State.Transaction);
        if (refused.isEmpty()) {
            return HookResult.DECLINED;
        }
        Username user = session.getUsername();
        LOGGER.info("Message of {} refused in session {}: From {} is not one of the user's addresses", user.asString(),
            session.getSessionID(), refused.get());
        return SmtpReplies.deny(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE, "5.7.1", "From header " + refused.get()
            + " is not an address of " + user.asString() + "; send with one of your own addresses");
    }

    private boolean judged(SMTPSession session) {
        return session.getUsername() != null && policy != Policy.ACCEPT;
    }

    private boolean owns(Username user, MailAddress from) {
        try {
            return ownership.owns(user, from);
        } catch (Exception e) {
            LOGGER.warn("Cannot check whether {} owns {}; treated as not owned", user.asString(), from.asString(), e);
            return false;
        }
    }

    private static Optional<MailAddress> singleFrom(List<String> values) {
        try {
            Optional<String> from = FromHeader.singleAddress(values);
            return from.isPresent() ? Optional.of(new MailAddress(from.get())) : Optional.empty();
        } catch (AddressException e) {
            return Optional.empty();
        }
    }
}
