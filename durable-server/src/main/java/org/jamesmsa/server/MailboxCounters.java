package org.jamesmsa.server;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;

/**
 * A mailbox's UID and MODSEQ counters, advanced by the database itself. James's JPA providers read the counter, add
 * one in Java and write it back, guarded by a lock of one JVM only: two nodes delivering into one mailbox read the
 * same value and hand out one UID twice (the second message is then refused by the table's key, and its delivery
 * fails). Here {@code UPDATE ... SET c = c + 1} takes the row's lock until the commit, so a second node waits and adds
 * one to the value the first committed; the value is read back in the same transaction. Derby and PostgreSQL alike;
 * the allocation commits before the message is stored, as in James: a failed store leaves a gap, never a duplicate.
 */
final class MailboxCounters {
    enum Counter {
        LAST_UID("MAILBOX_LAST_UID"),
        HIGHEST_MODSEQ("MAILBOX_HIGHEST_MODSEQ");

        private final String column;

        Counter(String column) {
            this.column = column;
        }
    }

    private final EntityManagerFactory database;

    MailboxCounters(EntityManagerFactory database) {
        this.database = database;
    }

    long next(Counter counter, JPAId mailbox) throws MailboxException {
        EntityManager manager = database.createEntityManager();
        try {
            manager.getTransaction().begin();
            int updated = manager.createNativeQuery("UPDATE JAMES_MAILBOX SET " + counter.column + " = " + counter.column
                + " + 1 WHERE MAILBOX_ID = ?1").setParameter(1, mailbox.getRawId()).executeUpdate();
            if (updated != 1) {
                throw new MailboxException("No mailbox " + mailbox.serialize() + " to take a " + counter + " from");
            }
            Number value = (Number) manager.createNativeQuery("SELECT " + counter.column + " FROM JAMES_MAILBOX WHERE MAILBOX_ID = ?1")
                .setParameter(1, mailbox.getRawId()).getSingleResult();
            manager.getTransaction().commit();
            return value.longValue();
        } catch (PersistenceException e) {
            throw new MailboxException("Unable to take the next " + counter + " of mailbox " + mailbox.serialize(), e);
        } finally {
            if (manager.getTransaction().isActive()) {
                manager.getTransaction().rollback();
            }
            manager.close();
        }
    }
}
