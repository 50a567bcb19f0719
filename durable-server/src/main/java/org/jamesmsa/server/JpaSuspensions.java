package org.jamesmsa.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.jamesmsa.contracts.StoreChanges;
import org.jamesmsa.contracts.Suspensions;

/**
 * The suspended accounts in the database the nodes share (table {@code MSA_SUSPENSIONS}; times as RFC 3339 text, the
 * same whatever a node's time zone). Announced through Redis, a
 * suspension holds on every node at once; without Redis, within {@link #REREAD}, the 2 seconds the operator is
 * promised either way ({@link PerUserTable}).
 */
public final class JpaSuspensions implements Suspensions, AutoCloseable {
    static final Duration REREAD = Duration.ofSeconds(2);

    private final PerUserTable<Suspension> table;

    public JpaSuspensions(EntityManagerFactory database, StoreChanges changes) {
        this.table = new PerUserTable<>(database, changes, "MSA_SUSPENSIONS", new PerUserTable.Columns<>() {
            @Override
            public String definitions() {
                return "SINCE VARCHAR(40) NOT NULL, SUSPENDED_BY VARCHAR(255) NOT NULL, REASON VARCHAR(1024) NOT NULL";
            }

            @Override
            public List<String> names() {
                return List.of("SINCE", "SUSPENDED_BY", "REASON");
            }

            @Override
            public List<Object> values(Suspension suspension) {
                return List.of(suspension.since().toString(), suspension.by(), suspension.reason());
            }

            @Override
            public Suspension read(Username user, Object[] row) {
                return new Suspension(user, Instant.parse((String) row[0]), (String) row[1], (String) row[2]);
            }
        }, REREAD);
    }

    @Override
    public Optional<Suspension> of(Username user) {
        return table.get(user);
    }

    @Override
    public Map<Username, Suspension> all() {
        return table.all();
    }

    @Override
    public void suspend(Suspension suspension) {
        table.put(suspension.user(), suspension);
    }

    @Override
    public boolean resume(Username user) {
        return table.remove(user);
    }

    @Override
    public void close() {
        table.close();
    }
}
