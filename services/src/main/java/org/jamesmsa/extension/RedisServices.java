package org.jamesmsa.extension;

import java.time.Clock;
import java.time.Duration;

import org.jamesmsa.contracts.MsaMetrics;
import org.jamesmsa.contracts.StoreChanges;
import org.jamesmsa.contracts.NodeId;
import org.jamesmsa.smtp.limits.OpenConnections;
import org.jamesmsa.smtp.limits.RateLimiter;
import org.jamesmsa.smtp.limits.RedisLink;
import org.jamesmsa.smtp.limits.RedisOpenConnections;
import org.jamesmsa.smtp.limits.RedisRateLimiter;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisURI;

/**
 * The services that live in Redis when {@code limits.redis} names one. Apart from the rest of the wiring because
 * Lettuce is in the packaged server's lib/ but not in stock James's: a drop-in without Redis never loads this class,
 * nor Lettuce.
 */
final class RedisServices {
    private RedisServices() {
    }

    /** Whether {@code text} names a Redis (URI, or host:port). */
    static boolean isLocation(String text) {
        return RedisLink.location(text).isPresent();
    }

    static RateLimiter rateLimiter(String location, Duration timeout, MsaMetrics metrics) {
        return new RedisRateLimiter(new RedisLink(uri(location), timeout, metrics, "Rate limits"), Clock.systemUTC());
    }

    static OpenConnections openConnections(String location, Duration timeout, MsaMetrics metrics) {
        return new RedisOpenConnections(new RedisLink(uri(location), timeout, metrics, "Connection counts"), NodeId.current());
    }

    static StoreChanges storeChanges(String location) {
        RedisURI uri = uri(location);
        try {
            return new RedisStoreChanges(uri);
        } catch (RuntimeException unreachable) {
            LoggerFactory.getLogger(RedisServices.class).error("Redis at {} cannot carry account changes to the other "
                + "nodes ({}): they see them after their caches' time to live", RedisLink.describe(uri),
                unreachable.toString());
            return new StoreChanges();
        }
    }

    private static RedisURI uri(String location) {
        return RedisLink.location(location).orElseThrow(() -> new IllegalArgumentException("not a Redis location"));
    }
}
