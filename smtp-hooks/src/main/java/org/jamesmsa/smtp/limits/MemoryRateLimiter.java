package org.jamesmsa.smtp.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters in this process: enough for one server. Keys not touched for two windows are dropped at the next call
 * that finds them stale, and the map is swept when it grows past {@code maxKeys}, so that a flood of addresses
 * cannot grow it without bound.
 */
public final class MemoryRateLimiter implements RateLimiter {
    private static final int DEFAULT_MAX_KEYS = 100_000;

    private static final class Buckets {
        long index;
        long current;
        long previous;
    }

    private final Map<String, Buckets> counters = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxKeys;

    public MemoryRateLimiter(Clock clock) {
        this(clock, DEFAULT_MAX_KEYS);
    }

    MemoryRateLimiter(Clock clock, int maxKeys) {
        this.clock = clock;
        this.maxKeys = maxKeys;
    }

    @Override
    public long add(String key, long amount, Duration window) {
        SlidingWindow now = SlidingWindow.at(clock.instant(), window);
        if (counters.size() > maxKeys) {
            sweep(now.index());
        }
        Buckets buckets = counters.computeIfAbsent(key, k -> new Buckets());
        synchronized (buckets) {
            roll(buckets, now.index());
            buckets.current += amount;
            return now.count(buckets.current, buckets.previous);
        }
    }

    @Override
    public long count(String key, Duration window) {
        Buckets buckets = counters.get(key);
        if (buckets == null) {
            return 0;
        }
        SlidingWindow now = SlidingWindow.at(clock.instant(), window);
        synchronized (buckets) {
            roll(buckets, now.index());
            return now.count(buckets.current, buckets.previous);
        }
    }

    /** How many keys are held: the bound the sweep keeps. */
    int keys() {
        return counters.size();
    }

    private static void roll(Buckets buckets, long index) {
        if (buckets.index == index) {
            return;
        }
        buckets.previous = buckets.index == index - 1 ? buckets.current : 0;
        buckets.current = 0;
        buckets.index = index;
    }

    /** Drops the keys whose counts are all in windows that no longer count. */
    private void sweep(long index) {
        counters.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                return entry.getValue().index < index - 1;
            }
        });
    }
}
