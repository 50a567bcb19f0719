package org.jamesmsa.server;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.jamesmsa.model.BackgroundTimer;
import org.jamesmsa.model.StoreChanges;
import org.jamesmsa.smtp.limits.EditableUserQuotas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-user sending limits in the database the nodes share (table {@code MSA_USER_LIMITS}), so that a limit set
 * through any node's webadmin holds on every node. Every MAIL asks for the sender's limits: they are answered from a
 * copy of the table, read again at once when a change is announced ({@link StoreChanges}, through Redis from other
 * nodes) and every {@link #REREAD} in the background, never by an SMTP thread.
 */
public final class JpaUserQuotas implements EditableUserQuotas, AutoCloseable {
    static final String STORE = "user-limits";
    static final Duration REREAD = Duration.ofSeconds(10);
    private static final Logger LOGGER = LoggerFactory.getLogger(JpaUserQuotas.class);
    private static final String TABLE = "MSA_USER_LIMITS";

    private final EntityManagerFactory database;
    private final StoreChanges changes;
    private final ScheduledExecutorService timer = BackgroundTimer.named("james-msa-user-limits");
    private volatile Map<Username, Quota> copy = Map.of();

    public JpaUserQuotas(EntityManagerFactory database, StoreChanges changes) {
        this.database = database;
        this.changes = changes;
        NativeTables.createUnlessThere(database, TABLE, "USER_NAME VARCHAR(255) NOT NULL PRIMARY KEY, MESSAGES_PER_HOUR INTEGER NOT NULL, RECIPIENTS_PER_HOUR INTEGER NOT NULL");
        reread();
        changes.onChange(STORE, user -> timer.execute(this::reread));
        timer.scheduleWithFixedDelay(this::reread, REREAD.toMillis(), REREAD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<Quota> of(Username user) {
        return Optional.ofNullable(copy.get(user));
    }

    @Override
    public Map<Username, Quota> all() {
        return copy;
    }

    @Override
    public void set(Username user, Quota quota) {
        NativeTables.inTransaction(database, em -> {
            em.createNativeQuery("DELETE FROM " + TABLE + " WHERE USER_NAME = ?1").setParameter(1, user.asString()).executeUpdate();
            return em.createNativeQuery("INSERT INTO " + TABLE + " (USER_NAME, MESSAGES_PER_HOUR, RECIPIENTS_PER_HOUR) "
                + "VALUES (?1, ?2, ?3)").setParameter(1, user.asString()).setParameter(2, quota.messages())
                .setParameter(3, quota.recipients()).executeUpdate();
        });
        reread();
        changes.announce(STORE, user.asString());
    }

    @Override
    public boolean remove(Username user) {
        int removed = NativeTables.inTransaction(database, em -> em.createNativeQuery("DELETE FROM " + TABLE + " WHERE USER_NAME = ?1")
            .setParameter(1, user.asString()).executeUpdate());
        reread();
        changes.announce(STORE, user.asString());
        return removed > 0;
    }

    private void reread() {
        try {
            Map<Username, Quota> read = new LinkedHashMap<>();
            EntityManager em = database.createEntityManager();
            try {
                @SuppressWarnings("unchecked")
                List<Object[]> rows = em.createNativeQuery("SELECT USER_NAME, MESSAGES_PER_HOUR, RECIPIENTS_PER_HOUR FROM "
                    + TABLE + " ORDER BY USER_NAME").getResultList();
                for (Object[] row : rows) {
                    read.put(Username.of((String) row[0]), new Quota(((Number) row[1]).intValue(), ((Number) row[2]).intValue()));
                }
            } finally {
                em.close();
            }
            Map<Username, Quota> sorted = new LinkedHashMap<>();
            read.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(Username::asString)))
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
            copy = java.util.Collections.unmodifiableMap(sorted);
        } catch (RuntimeException e) {
            LOGGER.warn("Cannot read the per-user sending limits from {}: the last ones read apply ({})", TABLE, e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
