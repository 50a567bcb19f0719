package org.jamesmsa.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.jamesmsa.contracts.StoreChanges;
import org.jamesmsa.smtp.limits.EditableUserQuotas;

/**
 * The per-user sending limits in the database the nodes share (table {@code MSA_USER_LIMITS}), so that a limit set
 * through any node's webadmin holds on every node ({@link PerUserTable}).
 */
public final class JpaUserQuotas implements EditableUserQuotas, AutoCloseable {
    static final Duration REREAD = Duration.ofSeconds(10);

    private final PerUserTable<Quota> table;

    public JpaUserQuotas(EntityManagerFactory database, StoreChanges changes) {
        this.table = new PerUserTable<>(database, changes, "MSA_USER_LIMITS", new PerUserTable.Columns<>() {
            @Override
            public String definitions() {
                return "MESSAGES_PER_HOUR INTEGER NOT NULL, RECIPIENTS_PER_HOUR INTEGER NOT NULL";
            }

            @Override
            public List<String> names() {
                return List.of("MESSAGES_PER_HOUR", "RECIPIENTS_PER_HOUR");
            }

            @Override
            public List<Object> values(Quota quota) {
                return List.of(quota.messages(), quota.recipients());
            }

            @Override
            public Quota read(Username user, Object[] row) {
                return new Quota(((Number) row[0]).intValue(), ((Number) row[1]).intValue());
            }
        }, REREAD);
    }

    @Override
    public Optional<Quota> of(Username user) {
        return table.get(user);
    }

    @Override
    public Map<Username, Quota> all() {
        return table.all();
    }

    @Override
    public void set(Username user, Quota quota) {
        table.put(user, quota);
    }

    @Override
    public boolean remove(Username user) {
        return table.remove(user);
    }

    @Override
    public void close() {
        table.close();
    }
}
