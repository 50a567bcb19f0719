package org.jamesmsa.server;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.core.MailAddress;
import org.jamesmsa.mailets.LocalDeliveries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LocalDeliveries} in the JPA database that holds the mailboxes (Derby, or PostgreSQL): one row per queued
 * message and local recipient, its primary key making a second claim fail in the database itself, whichever node
 * makes it. Rows are only needed while a message may come out of the queue again (minutes after a crash): those
 * older than {@link #KEPT} are removed, at most once an hour, by the thread that claims.
 */
public class JpaLocalDeliveries implements LocalDeliveries {
    static final Duration KEPT = Duration.ofDays(7);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final Logger LOGGER = LoggerFactory.getLogger(JpaLocalDeliveries.class);
    private static final String TABLE = "MSA_LOCAL_DELIVERY";
    /** SQL's class 23: integrity constraint violation, a duplicate key among them, in Derby and PostgreSQL alike. */
    private static final String CONSTRAINT_VIOLATION = "23";

    private final EntityManagerFactory database;
    private final Clock clock;
    private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

    @Inject
    public JpaLocalDeliveries(EntityManagerFactory database) {
        this(database, Clock.systemUTC());
    }

    JpaLocalDeliveries(EntityManagerFactory database, Clock clock) {
        this.database = database;
        this.clock = clock;
        NativeTables.createUnlessThere(database, TABLE, "MAIL_KEY VARCHAR(512) NOT NULL, RECIPIENT VARCHAR(512) NOT NULL, CLAIMED_AT BIGINT NOT NULL, "
            + "PRIMARY KEY (MAIL_KEY, RECIPIENT)");
    }

    @Override
    public boolean claim(String mailName, MailAddress recipient) throws MessagingException {
        purgeWhenDue();
        try {
            NativeTables.inTransaction(database, em -> em.createNativeQuery("INSERT INTO " + TABLE + " (MAIL_KEY, RECIPIENT, CLAIMED_AT) VALUES (?1, ?2, ?3)")
                .setParameter(1, mailName).setParameter(2, recipient.asString()).setParameter(3, clock.millis())
                .executeUpdate());
            return true;
        } catch (PersistenceException e) {
            if (sqlState(e).startsWith(CONSTRAINT_VIOLATION)) {
                return false;
            }
            throw new MessagingException("cannot record the delivery of " + mailName + " to " + recipient.asString(), e);
        }
    }

    private void purgeWhenDue() {
        Instant now = clock.instant();
        Instant due = nextPurge.get();
        if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_EVERY))) {
            return;
        }
        try {
            int removed = NativeTables.inTransaction(database, em -> em.createNativeQuery("DELETE FROM " + TABLE + " WHERE CLAIMED_AT < ?1")
                .setParameter(1, now.minus(KEPT).toEpochMilli()).executeUpdate());
            LOGGER.debug("Removed {} local delivery records older than {} days", removed, KEPT.toDays());
        } catch (PersistenceException e) {
            LOGGER.warn("Cannot remove old local delivery records from {}: {}", TABLE, e.toString());
        }
    }

    private static String sqlState(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException && ((SQLException) cause).getSQLState() != null) {
                return ((SQLException) cause).getSQLState();
            }
        }
        return "";
    }
}
