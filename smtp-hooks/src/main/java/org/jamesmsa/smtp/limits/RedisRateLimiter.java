package org.jamesmsa.smtp.limits;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters in Redis, so that several James servers enforce one limit: each fixed window is a key
 * ({@code msa:rl:<key>:<window index>}) incremented and given an expiry in one server-side script. When Redis cannot
 * answer the limiter fails open (counts are 0) and says so in the log: a broken counter must not stop submission.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final String ADD = "local current = redis.call('INCRBY', KEYS[1], ARGV[1]) "
        + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
        + "return {current, tonumber(redis.call('GET', KEYS[2])) or 0}";

    private final RespConnection redis;
    private final Clock clock;
    private final String server;

    public RedisRateLimiter(InetSocketAddress server, Duration timeout, Clock clock) {
        this.redis = new RespConnection(server, timeout);
        this.clock = clock;
        this.server = server.getHostString() + ":" + server.getPort();
    }

    @Override
    public long add(String key, long amount, Duration window) {
        SlidingWindow now = SlidingWindow.at(clock.instant(), window);
        try {
            List<?> counts = (List<?>) redis.call("EVAL", ADD, "2", bucket(key, now.index()), bucket(key, now.index() - 1),
                Long.toString(amount), Long.toString(2 * window.toMillis()));
            return now.count((Long) counts.get(0), (Long) counts.get(1));
        } catch (IOException | RuntimeException e) {
            return failOpen(key, e);
        }
    }

    @Override
    public long count(String key, Duration window) {
        SlidingWindow now = SlidingWindow.at(clock.instant(), window);
        try {
            List<?> counts = (List<?>) redis.call("MGET", bucket(key, now.index()), bucket(key, now.index() - 1));
            return now.count(number(counts.get(0)), number(counts.get(1)));
        } catch (IOException | RuntimeException e) {
            return failOpen(key, e);
        }
    }

    private long failOpen(String key, Exception e) {
        LOGGER.error("Rate limiter: Redis at {} cannot count {}: {}; the limit is not applied", server, key, e.toString());
        return 0;
    }

    private static long number(Object bulk) {
        return bulk == null ? 0 : Long.parseLong((String) bulk);
    }

    private static String bucket(String key, long index) {
        return "msa:rl:" + key + ":" + index;
    }

    @Override
    public void close() {
        redis.close();
    }
}
