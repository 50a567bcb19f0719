package org.jamesmsa.server;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.jamesmsa.mailets.DkimKey;
import org.jamesmsa.mailets.DkimKeys;
import org.jamesmsa.mailets.FolderDkimKeys;
import org.jamesmsa.mailets.SharedDkimKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DKIM keys of a cluster in the PostgreSQL its nodes share (table {@code MSA_DKIM_KEY}): one key in use per
 * domain and algorithm (RSA, Ed25519: told apart by the key itself), whichever node signs. The first node that needs a domain's key puts its own in (the one it may already
 * have published, else a new one), under a table lock, so that nodes starting together agree on one. Each node reads a
 * domain's key again every {@link #REREAD}: a rotation (another row set in use, its record published first) reaches
 * every node within that time, and both records are published meanwhile.
 */
public final class DatabaseDkimKeys implements SharedDkimKeys {
    static final Duration REREAD = Duration.ofSeconds(30);
    static final String TABLE = "MSA_DKIM_KEY";
    private static final Logger LOGGER = LoggerFactory.getLogger(DatabaseDkimKeys.class);

    private final EntityManagerFactory database;
    private final Clock clock;
    private final Map<String, Read> read = new ConcurrentHashMap<>();

    private static final class Read {
        final DkimKey key;
        final Instant at;

        Read(DkimKey key, Instant at) {
            this.key = key;
            this.at = at;
        }
    }

    public DatabaseDkimKeys(EntityManagerFactory database, Clock clock) {
        this.database = database;
        this.clock = clock;
        NativeTables.createUnlessThere(database, TABLE, "DOMAIN_NAME VARCHAR(253) NOT NULL, SELECTOR VARCHAR(63) NOT NULL, "
            + "PRIVATE_KEY VARCHAR(8000) NOT NULL, IN_USE SMALLINT NOT NULL, CREATED TIMESTAMP NOT NULL, "
            + "PRIMARY KEY (DOMAIN_NAME, SELECTOR)");
    }

    @Override
    public String location() {
        return "the database, table " + TABLE;
    }

    @Override
    public DkimKeys over(FolderDkimKeys local) {
        return new DkimKeys() {
            @Override
            public DkimKey inUse(String domain, DkimKey.Algorithm algorithm) throws IOException, GeneralSecurityException {
                String slot = algorithm.slotOf(domain);
                Read current = read.get(slot);
                if (current != null && clock.instant().isBefore(current.at.plus(REREAD))) {
                    return current.key;
                }
                DkimKey key = inDatabase(domain, algorithm).orElse(null);
                if (key == null) {
                    key = putIn(domain, local.existingOrNew(domain, algorithm));
                }
                read.put(slot, new Read(key, clock.instant()));
                return key;
            }

            @Override
            public String toString() {
                return location();
            }
        };
    }

    private Optional<DkimKey> inDatabase(String domain, DkimKey.Algorithm algorithm) {
        EntityManager em = database.createEntityManager();
        try {
            return inUse(em, domain, algorithm);
        } finally {
            em.close();
        }
    }

    private static Optional<DkimKey> inUse(EntityManager em, String domain, DkimKey.Algorithm algorithm) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT SELECTOR, PRIVATE_KEY FROM " + TABLE
            + " WHERE DOMAIN_NAME = ?1 AND IN_USE = 1 ORDER BY CREATED DESC").setParameter(1, domain).getResultList();
        return rows.stream().map(row -> new DkimKey((String) row[0], (String) row[1]))
            .filter(key -> key.algorithm() == algorithm).findFirst();
    }

    /** {@code candidate} becomes the domain's key unless another node's came first; the one in use is returned. */
    private DkimKey putIn(String domain, DkimKey candidate) throws GeneralSecurityException {
        int inserted = NativeTables.inTransaction(database, em -> {
            // Nodes asking at once queue here, and each after the first finds the first one's key.
            em.createNativeQuery("LOCK TABLE " + TABLE + " IN SHARE ROW EXCLUSIVE MODE").executeUpdate();
            if (inUse(em, domain, candidate.algorithm()).isPresent()) {
                return 0;
            }
            em.createNativeQuery("DELETE FROM " + TABLE + " WHERE DOMAIN_NAME = ?1 AND SELECTOR = ?2")
                .setParameter(1, domain).setParameter(2, candidate.selector()).executeUpdate();
            return em.createNativeQuery("INSERT INTO " + TABLE + " (DOMAIN_NAME, SELECTOR, PRIVATE_KEY, IN_USE, CREATED) "
                + "VALUES (?1, ?2, ?3, 1, ?4)").setParameter(1, domain).setParameter(2, candidate.selector())
                .setParameter(3, candidate.privatePem()).setParameter(4, java.sql.Timestamp.from(clock.instant())).executeUpdate();
        });
        if (inserted > 0) {
            LOGGER.warn("DKIM key of {} (selector {}) is now the key of every node: publish this record in DNS, if it is "
                + "not yet:\n{}", domain, candidate.selector(), candidate.publishedRecord(domain));
            return candidate;
        }
        DkimKey chosen = inDatabase(domain, candidate.algorithm()).orElseThrow(() -> new IllegalStateException("the DKIM key of " + domain + " vanished"));
        if (!chosen.equals(candidate)) {
            LOGGER.info("DKIM key of {}: another node's key (selector {}) is the cluster's, not the one this node offered",
                domain, chosen.selector());
        }
        return chosen;
    }
}
