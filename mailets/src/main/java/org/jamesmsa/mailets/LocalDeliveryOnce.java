package org.jamesmsa.mailets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesmsa.contracts.SessionFact;
import org.jamesmsa.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;

/**
 * Local delivery exactly once per queued message and recipient. A crash after a message is stored in a mailbox but
 * before the queue knows it is done makes the queue hand it out again (at least once), and James's LocalDelivery would
 * store it a second time. Placed just before LocalDelivery, this mailet claims each (message, recipient) pair in the
 * mailbox's database ({@link LocalDeliveries}) before the message is stored; a pair claimed before means a delivery
 * that may have happened: the recipient's INBOX is searched for the message (by its {@code X-MSA-Trace}, else its
 * {@code Message-ID}), and the recipient is dropped when it is there. Only redeliveries pay for the search.
 *
 * <pre>{@code
 * <processor state="local-delivery">
 *     <mailet match="All" class="org.jamesmsa.mailets.LocalDeliveryOnce"/>
 *     ...
 *     <mailet match="All" class="LocalDelivery"/>
 * </processor>
 * }</pre>
 */
public class LocalDeliveryOnce extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(LocalDeliveryOnce.class);

    private final LocalDeliveries deliveries;
    private final MailboxManager mailboxes;
    private final UsersRepository users;

    @Inject
    public LocalDeliveryOnce(LocalDeliveries deliveries, MailboxManager mailboxes, UsersRepository users) {
        this.deliveries = deliveries;
        this.mailboxes = mailboxes;
        this.users = users;
    }

    @Override
    public void init() throws MessagingException {
        Settings.ofMailet(getMailetConfig(), List.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        List<MailAddress> toDeliver = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            if (deliveries.claim(mail.getName(), recipient) || !alreadyInInbox(mail, recipient)) {
                toDeliver.add(recipient);
            } else {
                LOGGER.info("{} was stored for {} before the queue handed it out again: not stored twice", mail.getName(),
                    recipient.asString());
            }
        }
        if (toDeliver.size() != mail.getRecipients().size()) {
            mail.setRecipients(toDeliver);
            if (toDeliver.isEmpty()) {
                mail.setState(Mail.GHOST);
            }
        }
    }

    private boolean alreadyInInbox(Mail mail, MailAddress recipient) throws MessagingException {
        Optional<SearchQuery.Criterion> identity = identity(mail);
        if (identity.isEmpty()) {
            return false;
        }
        try {
            Username user = users.getUsername(recipient);
            MailboxSession session = mailboxes.createSystemSession(user);
            MessageManager inbox = mailboxes.getMailbox(MailboxPath.inbox(user), session);
            return Flux.from(inbox.search(SearchQuery.of(identity.get()), session)).hasElements().block();
        } catch (MailboxNotFoundException noInboxYet) {
            return false;
        } catch (MailboxException | UsersRepositoryException e) {
            throw new MessagingException("cannot tell whether " + mail.getName() + " is already in the INBOX of "
                + recipient.asString(), e);
        }
    }

    /** What finds this message in a mailbox: the MSA's trace token, else the Message-ID; nothing for neither. */
    private static Optional<SearchQuery.Criterion> identity(Mail mail) throws MessagingException {
        Optional<String> trace = SessionFact.TRACE_ID.valueIn(mail, String.class);
        if (trace.isPresent()) {
            return Optional.of(SearchQuery.headerContains(SessionFact.TRACE_HEADER, trace.get()));
        }
        return Optional.ofNullable(mail.getMessage().getMessageID())
            .map(messageId -> SearchQuery.headerContains("Message-ID", messageId));
    }
}
