package org.jamesmsa.smtp.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jamesmsa.smtp.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real redis-server, started for this class. */
class RedisRateLimiterTest extends RateLimiterContract {
    private static final AtomicInteger TEST = new AtomicInteger();
    private static RedisServer redis;
    private RedisRateLimiter limiter;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.started();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void closeLimiter() {
        if (limiter != null) {
            limiter.close();
        }
    }

    /** Each test starts at another instant, so that the windows (keys in Redis) of one test are not another's. */
    @Override
    RateLimiter limiter() {
        clock.advance(Duration.ofDays(TEST.incrementAndGet()));
        limiter = new RedisRateLimiter(redis.address(), Duration.ofSeconds(2), clock);
        return limiter;
    }

    @Test
    void twoNodesShareOneCount() {
        RateLimiter first = limiter();
        try (RedisRateLimiter second = new RedisRateLimiter(redis.address(), Duration.ofSeconds(2), clock)) {
            first.add("user-messages:alice", 2, WINDOW);

            assertThat(second.add("user-messages:alice", 1, WINDOW)).isEqualTo(3);
            assertThat(first.count("user-messages:alice", WINDOW)).isEqualTo(3);
        }
    }

    @Test
    void whenRedisIsDownTheLimiterFailsOpenAndRecoversWhenItIsBack() throws Exception {
        RateLimiter limiter = limiter();
        limiter.add("k", 4, WINDOW);

        redis.stop();
        try {
            assertThat(limiter.add("k", 1, WINDOW)).as("down: nothing is refused").isZero();
            assertThat(limiter.count("k", WINDOW)).isZero();
        } finally {
            redis.start();
        }

        assertThat(limiter.add("k", 1, WINDOW)).as("back, reconnected; the restart lost the old counts").isEqualTo(1);
    }

    @Test
    void everyWindowKeyExpiresInRedisAfterTwoWindows() throws Exception {
        RateLimiter limiter = limiter();
        limiter.add("expiring", 1, Duration.ofSeconds(30));

        try (RespConnection connection = new RespConnection(redis.address(), Duration.ofSeconds(2))) {
            List<?> keys = (List<?>) connection.call("KEYS", "msa:rl:expiring:*");
            assertThat(keys).hasSize(1);
            assertThat((Long) connection.call("PTTL", (String) keys.get(0))).isBetween(1L, 60_000L);
        }
    }
}
