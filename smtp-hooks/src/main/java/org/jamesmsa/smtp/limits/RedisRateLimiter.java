package org.jamesmsa.smtp.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;

/**
 * Counters in Redis, so that several nodes enforce one limit: each fixed window is a key ({@code msa:rl:<key>:<window
 * index>}) incremented and given an expiry in one server-side script. While Redis does not answer ({@link RedisLink}),
 * the counts are kept in this node ({@link MemoryRateLimiter}): the documented fallback, per-node limits.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {
    private static final String ADD = "local current = redis.call('INCRBY', KEYS[1], ARGV[1]) "
        + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
        + "return {current, tonumber(redis.call('GET', KEYS[2])) or 0}";

    private final RedisLink redis;
    private final MemoryRateLimiter fallback;
    private final Clock clock;

    public RedisRateLimiter(RedisLink redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
        this.fallback = new MemoryRateLimiter(clock);
    }

    @Override
    public long add(String key, long amount, Duration window) {
        SlidingWindow now = SlidingWindow.at(clock.instant(), window);
        return redis.call(commands -> commands.<List<Long>>eval(ADD, ScriptOutputType.MULTI, new String[] {bucket(key, now.index()),
                bucket(key, now.index() - 1)}, Long.toString(amount), Long.toString(2 * window.toMillis())))
            .map(counts -> now.count(counts.get(0), counts.get(1)))
            .orElseGet(() -> fallback.add(key, amount, window));
    }

    @Override
    public long count(String key, Duration window) {
        SlidingWindow now = SlidingWindow.at(clock.instant(), window);
        return redis.call(commands -> commands.mget(bucket(key, now.index()), bucket(key, now.index() - 1)))
            .map(counts -> now.count(number(counts.get(0)), number(counts.get(1))))
            .orElseGet(() -> fallback.count(key, window));
    }

    private static long number(KeyValue<String, String> value) {
        return value.hasValue() ? Long.parseLong(value.getValue()) : 0;
    }

    private static String bucket(String key, long index) {
        return "msa:rl:" + key + ":" + index;
    }

    /** Closes the link it was given. */
    @Override
    public void close() {
        redis.close();
    }
}
