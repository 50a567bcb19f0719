package org.jamesmsa.server;

import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Query;

import org.apache.james.core.Username;
import org.jamesmsa.contracts.BackgroundTimer;
import org.jamesmsa.contracts.StoreChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One row per user in a table of the database the nodes share, so that a change made through any node holds on every
 * node: the per-user limits and the suspensions of a cluster. Asked at every AUTH or MAIL, it answers from a copy of
 * the table, read again at once when a change is announced ({@link StoreChanges}, through Redis from other nodes) and
 * every {@code reread} in the background, never by an SMTP thread; without Redis, {@code reread} bounds how late
 * another node learns of a change.
 */
final class PerUserTable<V> implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(PerUserTable.class);

    /** The columns after {@code USER_NAME}, and how a value maps onto them. */
    interface Columns<V> {
        /** SQL column definitions, Derby's and PostgreSQL's alike. */
        String definitions();

        /** Column names, in the order of {@link #values} and of a row read. */
        List<String> names();

        List<Object> values(V value);

        /** A row's columns after {@code USER_NAME}. */
        V read(Username user, Object[] row);
    }

    private final EntityManagerFactory database;
    private final StoreChanges changes;
    private final String table;
    private final String store;
    private final Columns<V> columns;
    private final ScheduledExecutorService timer;
    private volatile Map<Username, V> copy = Map.of();
    /** While the database does not answer: said once when it stops, once when it answers again. */
    private volatile boolean unreadable;

    PerUserTable(EntityManagerFactory database, StoreChanges changes, String table, Columns<V> columns, Duration reread) {
        this.database = database;
        this.changes = changes;
        this.table = table;
        this.store = table.toLowerCase(java.util.Locale.ROOT);
        this.columns = columns;
        this.timer = BackgroundTimer.named("james-msa-" + store.replace('_', '-'));
        NativeTables.createUnlessThere(database, table, "USER_NAME VARCHAR(255) NOT NULL PRIMARY KEY, " + columns.definitions());
        reread();
        changes.onChange(store, user -> timer.execute(this::reread));
        timer.scheduleWithFixedDelay(this::reread, reread.toMillis(), reread.toMillis(), TimeUnit.MILLISECONDS);
    }

    Optional<V> get(Username user) {
        return Optional.ofNullable(copy.get(user));
    }

    /** Every user's value, by login, sorted. */
    Map<Username, V> all() {
        return copy;
    }

    void put(Username user, V value) {
        List<Object> values = columns.values(value);
        NativeTables.inTransaction(database, em -> {
            em.createNativeQuery("DELETE FROM " + table + " WHERE USER_NAME = ?1").setParameter(1, user.asString()).executeUpdate();
            StringBuilder places = new StringBuilder("?1");
            for (int i = 0; i < values.size(); i++) {
                places.append(", ?").append(i + 2);
            }
            Query insert = em.createNativeQuery("INSERT INTO " + table + " (USER_NAME, " + String.join(", ", columns.names())
                + ") VALUES (" + places + ")").setParameter(1, user.asString());
            for (int i = 0; i < values.size(); i++) {
                insert.setParameter(i + 2, values.get(i));
            }
            return insert.executeUpdate();
        });
        reread();
        changes.announce(store, user.asString());
    }

    /** True when the user had a row. */
    boolean remove(Username user) {
        int removed = NativeTables.inTransaction(database, em -> em.createNativeQuery("DELETE FROM " + table + " WHERE USER_NAME = ?1")
            .setParameter(1, user.asString()).executeUpdate());
        reread();
        changes.announce(store, user.asString());
        return removed > 0;
    }

    private void reread() {
        try {
            Map<Username, V> read = new LinkedHashMap<>();
            EntityManager em = database.createEntityManager();
            try {
                @SuppressWarnings("unchecked")
                List<Object[]> rows = em.createNativeQuery("SELECT USER_NAME, " + String.join(", ", columns.names()) + " FROM "
                    + table).getResultList();
                for (Object[] row : rows) {
                    Username user = Username.of((String) row[0]);
                    read.put(user, columns.read(user, java.util.Arrays.copyOfRange(row, 1, row.length)));
                }
            } finally {
                em.close();
            }
            Map<Username, V> sorted = new LinkedHashMap<>();
            read.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(Username::asString)))
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
            copy = Collections.unmodifiableMap(sorted);
            if (unreadable) {
                unreadable = false;
                LOGGER.info("{} is read again", table);
            }
        } catch (RuntimeException e) {
            if (!unreadable) {
                unreadable = true;
                LOGGER.warn("Cannot read {}: the last rows read apply until it answers ({})", table, e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
