package org.jamesmsa.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Answers of the database kept for a time to live, for the stores whose every read is an OpenJPA query on the
 * submission path. The store forgets them all at each of its own writes ({@link #forgetAll}); an answer read while a
 * write ran is never served afterwards, so within one process no answer is ever stale. The time to live only bounds
 * how late a write by another process on a shared database is seen.
 *
 * @param <K> what is asked
 * @param <V> the database's answer, immutable or never handed out
 */
final class RecentAnswers<K, V> {
    /** A read of the database. */
    interface Read<K, V, E extends Exception> {
        V from(K key) throws E;
    }

    /** Bounded memory whatever the number of keys asked for; past it, the next reads ask the database. */
    private static final int MAX_ENTRIES = 50_000;

    private record Entry<V>(V answer, long readAt, long generation) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Moves at every write: entries of an older generation are never served. */
    private final AtomicLong generation = new AtomicLong();
    private final LongSupplier nanoTime;
    private volatile Duration timeToLive;

    RecentAnswers(LongSupplier nanoTime, Duration timeToLive) {
        this.nanoTime = nanoTime;
        this.timeToLive = timeToLive;
    }

    /** A zero time to live asks the database every time. */
    void expireAfter(Duration timeToLive) {
        this.timeToLive = timeToLive;
        forgetAll();
    }

    <E extends Exception> V get(K key, Read<K, V, E> database) throws E {
        Duration ttl = timeToLive;
        if (ttl.isZero()) {
            return database.from(key);
        }
        long current = generation.get();
        long now = nanoTime.getAsLong();
        Entry<V> entry = entries.get(key);
        if (entry != null && entry.generation() == current && now - entry.readAt() < ttl.toNanos()) {
            return entry.answer();
        }
        V answer = database.from(key);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry<>(answer, now, current));
        return answer;
    }

    void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** A write of the store, with every answer forgotten before it (the write may read first) and after it. */
    <E extends Exception> void write(Write<E> write) throws E {
        forgetAll();
        try {
            write.run();
        } finally {
            forgetAll();
        }
    }

    interface Write<E extends Exception> {
        void run() throws E;
    }
}
