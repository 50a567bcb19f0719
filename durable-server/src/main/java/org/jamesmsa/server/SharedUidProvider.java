package org.jamesmsa.server;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;

/**
 * James's JPA UID provider with the next UID taken by the database ({@link MailboxCounters}), so that nodes sharing
 * one database never hand out a UID twice. James's mapper asks for the concrete {@link JPAUidProvider}: this subclass
 * is bound in its place.
 */
public class SharedUidProvider extends JPAUidProvider {
    private final MailboxCounters counters;

    @Inject
    public SharedUidProvider(EntityManagerFactory factory) {
        super(factory);
        this.counters = new MailboxCounters(factory);
    }

    @Override
    public MessageUid nextUid(Mailbox mailbox) throws MailboxException {
        return nextUid(mailbox.getMailboxId());
    }

    @Override
    public MessageUid nextUid(MailboxId mailboxId) throws MailboxException {
        return MessageUid.of(counters.next(MailboxCounters.Counter.LAST_UID, (JPAId) mailboxId));
    }
}
