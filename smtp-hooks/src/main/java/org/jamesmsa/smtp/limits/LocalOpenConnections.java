package org.jamesmsa.smtp.limits;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Open connections counted in this process; a client's entry goes with its last connection. */
public final class LocalOpenConnections implements OpenConnections {
    private final Map<String, Set<String>> open = new ConcurrentHashMap<>();

    @Override
    public long opened(String client, String id) {
        long[] now = new long[1];
        open.compute(client, (key, ids) -> {
            Set<String> counted = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            counted.add(id);
            now[0] = counted.size();
            return counted;
        });
        return now[0];
    }

    @Override
    public void closed(String client, String id) {
        open.computeIfPresent(client, (key, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        });
    }

    /** The open connections of every client, to renew their leases in a shared store. */
    Map<String, Set<String>> snapshot() {
        Map<String, Set<String>> copy = new java.util.HashMap<>();
        open.forEach((client, ids) -> copy.put(client, Set.copyOf(ids)));
        return copy;
    }
}
