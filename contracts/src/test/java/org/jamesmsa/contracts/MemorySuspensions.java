package org.jamesmsa.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.core.Username;

/** {@link Suspensions} in a map, for the tests of what enforces them; the stores are tested where they live. */
public final class MemorySuspensions implements Suspensions {
    private final Map<Username, Suspension> map = new ConcurrentHashMap<>();

    /** Suspends {@code user} now, by "test". */
    public MemorySuspensions with(Username user) {
        suspend(new Suspension(user, Instant.now(), "test", "a test"));
        return this;
    }

    @Override
    public Optional<Suspension> of(Username user) {
        return Optional.ofNullable(map.get(user));
    }

    @Override
    public Map<Username, Suspension> all() {
        Map<String, Suspension> sorted = new TreeMap<>();
        map.forEach((user, suspension) -> sorted.put(user.asString(), suspension));
        Map<Username, Suspension> all = new java.util.LinkedHashMap<>();
        sorted.values().forEach(suspension -> all.put(suspension.user(), suspension));
        return all;
    }

    @Override
    public void suspend(Suspension suspension) {
        map.put(suspension.user(), suspension);
    }

    @Override
    public boolean resume(Username user) {
        return map.remove(user) != null;
    }
}
