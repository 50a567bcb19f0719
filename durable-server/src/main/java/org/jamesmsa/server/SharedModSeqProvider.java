package org.jamesmsa.server;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;

/** James's JPA MODSEQ provider with the next MODSEQ taken by the database, as {@link SharedUidProvider} does UIDs. */
public class SharedModSeqProvider extends JPAModSeqProvider {
    private final MailboxCounters counters;

    @Inject
    public SharedModSeqProvider(EntityManagerFactory factory) {
        super(factory);
        this.counters = new MailboxCounters(factory);
    }

    @Override
    public ModSeq nextModSeq(Mailbox mailbox) throws MailboxException {
        return nextModSeq(mailbox.getMailboxId());
    }

    @Override
    public ModSeq nextModSeq(MailboxId mailboxId) throws MailboxException {
        return ModSeq.of(counters.next(MailboxCounters.Counter.HIGHEST_MODSEQ, (JPAId) mailboxId));
    }
}
