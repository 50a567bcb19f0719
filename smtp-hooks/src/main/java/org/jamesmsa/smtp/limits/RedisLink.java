package org.jamesmsa.smtp.limits;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jamesmsa.contracts.MsaMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The one connection of a node to the Redis that holds the limits' counters ({@link RedisRateLimiter},
 * {@link RedisOpenConnections}), reached with Lettuce (the client James itself uses) by URI:
 * {@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS, or
 * {@code redis-sentinel://host:port[,host:port]/db#master} through Sentinel, which follows a failover.
 *
 * <p>A broken Redis must not stop submission nor hold an SMTP thread: a command it does not answer within the timeout,
 * or any while the connection is down (Lettuce reconnects in the background and refuses commands in the meantime),
 * answers empty, and the caller counts in this node instead: the documented fallback, per-node limits. The switch is
 * logged once each way and counted ({@code msa_redis_unavailable}).</p>
 */
public final class RedisLink implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RedisLink.class);
    private static final Pattern HOST_AND_PORT = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):(\\d{1,5})");

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String server;
    private final MsaMetrics metrics;
    private final String purpose;
    private final AtomicBoolean down = new AtomicBoolean();

    public RedisLink(RedisURI location, Duration timeout, MsaMetrics metrics) {
        this(location, timeout, metrics, "Limits");
    }

    /** @param purpose what the link serves, first word of its log lines ("Rate limits", "Connection counts") */
    public RedisLink(RedisURI location, Duration timeout, MsaMetrics metrics, String purpose) {
        this.metrics = metrics;
        this.purpose = purpose;
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

    /** The commands' answer, or empty when Redis did not give one in time (the caller then counts in this node). */
    public <T> Optional<T> call(Function<RedisCommands<String, String>, T> commands) {
        if (redis == null) {
            return Optional.empty();
        }
        try {
            T answer = commands.apply(redis);
            if (down.compareAndSet(true, false)) {
                LOGGER.warn("{}: Redis at {} answers again: limits are shared again", purpose, server);
            }
            return Optional.ofNullable(answer);
        } catch (RuntimeException e) {
            wentDown(e);
            return Optional.empty();
        }
    }

    private void wentDown(RuntimeException e) {
        metrics.redisUnavailable();
        if (down.compareAndSet(false, true)) {
            LOGGER.error("{}: Redis at {} does not answer ({}): limits are counted in this node alone until it "
                + "answers again", purpose, server, e.toString());
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown();
    }
}
