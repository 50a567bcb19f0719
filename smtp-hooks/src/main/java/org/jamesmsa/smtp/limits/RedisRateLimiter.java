package org.jamesmsa.smtp.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jamesmsa.model.MsaMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Counters in Redis, so that several nodes enforce one limit: each fixed window is a key ({@code msa:rl:<key>:<window
 * index>}) incremented and given an expiry in one server-side script. Redis is reached with Lettuce (the client James
 * itself uses), by URI: {@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS, or
 * {@code redis-sentinel://host:port[,host:port]/db#master} through Sentinel, which follows a failover.
 *
 * <p>A broken counter must not stop submission nor hold an SMTP thread: a command that Redis does not answer within
 * the timeout, or any while the connection is down (Lettuce reconnects in the background and refuses commands in the
 * meantime), is counted in this node instead ({@link MemoryRateLimiter}): the documented fallback, per-node limits.
 * The switch is logged once each way and counted ({@code msa_redis_unavailable}).</p>
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final Pattern HOST_AND_PORT = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):(\\d{1,5})");
    private static final String ADD = "local current = redis.call('INCRBY', KEYS[1], ARGV[1]) "
        + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
        + "return {current, tonumber(redis.call('GET', KEYS[2])) or 0}";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final MemoryRateLimiter fallback;
    private final Clock clock;
    private final String server;
    private final MsaMetrics metrics;
    private final AtomicBoolean down = new AtomicBoolean();

    public RedisRateLimiter(RedisURI location, Duration timeout, Clock clock, MsaMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
        this.fallback = new MemoryRateLimiter(clock);
        this.server = describe(location);
        location.setTimeout(timeout);
        this.client = RedisClient.create(location);
        client.setOptions(ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
        // The first connection is made lazily by Lettuce's reconnection when Redis is not there at start.
        StatefulRedisConnection<String, String> made;
        try {
            made = client.connect();
        } catch (RuntimeException unreachable) {
            wentDown(unreachable);
            made = null;
        }
        this.connection = made;
        this.redis = made == null ? null : made.sync();
    }

    /**
     * {@code redis://...}, {@code rediss://...}, {@code redis-sentinel://...}, or the older {@code host:port}; empty
     * for anything else.
     */
    public static Optional<RedisURI> location(String text) {
        String uri = HOST_AND_PORT.matcher(text).matches() ? "redis://" + text : text;
        String scheme = uri.toLowerCase(Locale.ROOT);
        if (!scheme.startsWith("redis://") && !scheme.startsWith("rediss://") && !scheme.startsWith("redis-sentinel://")) {
            return Optional.empty();
        }
        try {
            return Optional.of(RedisURI.create(uri));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Where the counters are, without the password: for logs. */
    public static String describe(RedisURI location) {
        if (!location.getSentinels().isEmpty()) {
            return "sentinel " + location.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort())
                .collect(Collectors.joining(",")) + " master " + location.getSentinelMasterId();
        }
        return (location.isSsl() ? "rediss://" : "redis://") + location.getHost() + ":" + location.getPort() + "/"
            + location.getDatabase();
    }

    @Override
    public long add(String key, long amount, Duration window) {
        SlidingWindow now = SlidingWindow.at(clock.instant(), window);
        if (redis != null) {
            try {
                List<Long> counts = redis.eval(ADD, ScriptOutputType.MULTI, new String[] {bucket(key, now.index()),
                    bucket(key, now.index() - 1)}, Long.toString(amount), Long.toString(2 * window.toMillis()));
                backUp();
                return now.count(counts.get(0), counts.get(1));
            } catch (RuntimeException e) {
                wentDown(e);
            }
        }
        return fallback.add(key, amount, window);
    }

    @Override
    public long count(String key, Duration window) {
        SlidingWindow now = SlidingWindow.at(clock.instant(), window);
        if (redis != null) {
            try {
                List<KeyValue<String, String>> counts = redis.mget(bucket(key, now.index()), bucket(key, now.index() - 1));
                backUp();
                return now.count(number(counts.get(0)), number(counts.get(1)));
            } catch (RuntimeException e) {
                wentDown(e);
            }
        }
        return fallback.count(key, window);
    }

    private void wentDown(RuntimeException e) {
        metrics.redisUnavailable();
        if (down.compareAndSet(false, true)) {
            LOGGER.error("Rate limiter: Redis at {} does not answer ({}): limits are counted in this node alone until it "
                + "answers again", server, e.toString());
        }
    }

    private void backUp() {
        if (down.compareAndSet(true, false)) {
            LOGGER.warn("Rate limiter: Redis at {} answers again: limits are shared again", server);
        }
    }

    private static long number(KeyValue<String, String> value) {
        return value.hasValue() ? Long.parseLong(value.getValue()) : 0;
    }

    private static String bucket(String key, long index) {
        return "msa:rl:" + key + ":" + index;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown();
    }
}
