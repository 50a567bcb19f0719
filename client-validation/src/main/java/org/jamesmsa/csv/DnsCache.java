package org.jamesmsa.csv;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Answers kept as long as their TTL allows: positive answers for the smallest TTL of their records, negative
 * ones (NXDOMAIN, no data) for the SOA minimum of RFC 2308, both capped. Failures are never cached. Least
 * recently used entries go first when the cache is full.
 */
public final class DnsCache {
    private static final class Cached {
        final DnsAnswer answer;
        final Instant expires;

        Cached(DnsAnswer answer, Instant expires) {
            this.answer = answer;
            this.expires = expires;
        }
    }

    private final Map<String, Cached> entries;
    private final Clock clock;
    private final long maxTtlSeconds;

    public DnsCache(int maxEntries, long maxTtlSeconds, Clock clock) {
        this.clock = clock;
        this.maxTtlSeconds = maxTtlSeconds;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized Optional<DnsAnswer> get(String key) {
        Cached entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires)) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.answer);
    }

    synchronized void put(String key, DnsAnswer answer) {
        long ttl = Math.min(answer.ttlSeconds(), maxTtlSeconds);
        if (answer.isError() || ttl <= 0) {
            return;
        }
        entries.put(key, new Cached(answer, clock.instant().plusSeconds(ttl)));
    }
}
