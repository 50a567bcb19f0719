package org.jamesmsa.smtp.limits;

import java.time.Duration;

/**
 * Counters over a sliding time window, shared by every listener (and, with Redis, by every node): failed logins per
 * client address, messages and recipients per user. {@link MemoryRateLimiter} is the default;
 * {@link RedisRateLimiter} shares the counts between several James servers. The window slides by weighting the
 * previous fixed window by the part of it still inside the sliding one (the approximation of Cloudflare's and
 * Redis's own rate limiters: exact at window boundaries, never more than one window's count off).
 */
public interface RateLimiter {

    /** Adds {@code amount} to {@code key}'s count and returns the count over the last {@code window}, this included. */
    long add(String key, long amount, Duration window);

    /** {@code key}'s count over the last {@code window}. */
    long count(String key, Duration window);
}
