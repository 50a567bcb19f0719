package org.jamesmsa.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.commons.dbcp2.BasicDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL database several nodes share: a DBCP2 pool of connections set up as James's JPA queries need them,
 * and the schema made once. OpenJPA creates missing tables when its first EntityManager opens
 * ({@code buildSchema} in persistence.xml); two nodes starting together on an empty database would both try, and one
 * would fail on a table the other just made. The first EntityManager is therefore opened under a PostgreSQL advisory
 * lock, so that nodes make or check the schema one after the other.
 */
final class SharedDatabase {
    static final int DEFAULT_POOL_SIZE = 20;
    static final long DEFAULT_POOL_WAIT_MILLIS = 5_000;
    private static final int VALIDATION_TIMEOUT_SECONDS = 5;
    private static final Logger LOGGER = LoggerFactory.getLogger(SharedDatabase.class);
    /** Any number all nodes agree on; "james-msa" in ASCII, to be recognisable in pg_locks. */
    private static final long SCHEMA_LOCK = 0x6a616d65732d6dL;
    /**
     * James's mailbox search escapes LIKE patterns with backslashes (James's own documentation asks PostgreSQL for
     * this setting); set on every connection here, not left to the operator's server configuration.
     */
    private static final List<String> SESSION_SETTINGS = List.of("SET standard_conforming_strings = off");

    private final BasicDataSource pool = new BasicDataSource();

    SharedDatabase(String url, String username, String password, int poolSize, long poolWaitMillis) {
        pool.setDriverClassName("org.postgresql.Driver");
        pool.setUrl(url);
        pool.setUsername(username);
        pool.setPassword(password);
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMaxWaitMillis(poolWaitMillis);
        pool.setConnectionInitSqls(SESSION_SETTINGS);
        // A connection the database closed (a restart, a failover) is replaced instead of failing a command.
        pool.setTestOnBorrow(true);
        pool.setValidationQueryTimeout(VALIDATION_TIMEOUT_SECONDS);
    }

    static boolean handles(String url) {
        return url.startsWith("jdbc:postgresql:");
    }

    /**
     * James makes a user's INBOX at the first delivery, checking first that none exists under a lock of its JVM only:
     * two nodes delivering a new user's first messages at once made two INBOXes, after which every lookup of it failed
     * ({@code NonUniqueResultException}). With this index the second insert fails, which James's JPA mapper reports as
     * {@code MailboxExistsException} and its mailbox manager takes as "created concurrently": the delivery goes on.
     */
    private static void uniqueMailboxPaths(Statement statement) throws SQLException {
        try (var table = statement.executeQuery("SELECT to_regclass('james_mailbox') IS NOT NULL")) {
            if (!table.next() || !table.getBoolean(1)) {
                return;
            }
        }
        statement.execute("CREATE UNIQUE INDEX IF NOT EXISTS msa_mailbox_path ON james_mailbox "
            + "(mailbox_namespace, user_name, mailbox_name)");
    }

    EntityManagerFactory entityManagerFactory(String unit, Map<String, Object> properties) throws SQLException {
        Map<String, Object> jpa = new java.util.HashMap<>(properties);
        jpa.put("openjpa.ConnectionFactory", pool);
        jpa.put("openjpa.jdbc.DBDictionary", "postgres");
        EntityManagerFactory factory = Persistence.createEntityManagerFactory(unit, jpa);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")");
            try {
                factory.createEntityManager().close();
                uniqueMailboxPaths(statement);
                LOGGER.info("Schema of {} checked (tables made where missing)", pool.getUrl());
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + SCHEMA_LOCK + ")");
            }
        } catch (SQLException | RuntimeException e) {
            factory.close();
            throw e;
        }
        return factory;
    }
}
