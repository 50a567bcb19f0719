package org.jamesmsa.smtp.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jamesmsa.contracts.TestMetrics;
import org.jamesmsa.smtp.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/** Against the real redis-server, started for this class, through Lettuce. */
class RedisRateLimiterTest extends RateLimiterContract {
    private static final AtomicInteger TEST = new AtomicInteger();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static RedisServer redis;
    private final TestMetrics metrics = new TestMetrics();
    private final List<RedisLink> links = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.started();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void closeLinks() {
        links.forEach(RedisLink::close);
    }

    /** A node's limiter: its own link to Redis. */
    private RedisRateLimiter at(String uri) {
        RedisLink link = new RedisLink(RedisLink.location(uri).orElseThrow(), TIMEOUT, metrics.metrics);
        links.add(link);
        return new RedisRateLimiter(link, clock);
    }

    /** Each test starts at another instant, so that the windows (keys in Redis) of one test are not another's. */
    @Override
    RateLimiter limiter() {
        clock.advance(Duration.ofDays(TEST.incrementAndGet()));
        return at("redis://" + redis.hostAndPort());
    }

    @Test
    void twoNodesShareOneCount() {
        RateLimiter first = limiter();
        RedisRateLimiter second = at(redis.hostAndPort());
        first.add("user-messages:alice", 2, WINDOW);

        assertThat(second.add("user-messages:alice", 1, WINDOW)).isEqualTo(3);
        assertThat(first.count("user-messages:alice", WINDOW)).isEqualTo(3);
    }

    @Test
    void whileRedisIsDownThisNodeCountsAloneAndSharesAgainOnceItIsBack() throws Exception {
        RateLimiter limiter = limiter();
        limiter.add("k", 4, WINDOW);

        redis.stop();
        try {
            assertThat(limiter.add("k", 1, WINDOW)).as("down: counted in this node").isEqualTo(1);
            assertThat(limiter.add("k", 1, WINDOW)).isEqualTo(2);
            assertThat(metrics.count("msa_redis_unavailable")).isEqualTo(2);
        } finally {
            redis.start();
        }

        RedisRateLimiter other = at(redis.hostAndPort());
        Instant deadline = Instant.now().plusSeconds(30);
        while (other.count("shared-again", WINDOW) == 0 && Instant.now().isBefore(deadline)) {
            limiter.add("shared-again", 1, WINDOW);
            Thread.sleep(100);
        }
        assertThat(other.count("shared-again", WINDOW)).as("Lettuce reconnected by itself").isPositive();
    }

    @Test
    void aServerThatWantsAPasswordIsReachedWithTheOneInTheUriAndAWrongOneCountsInThisNode() throws Exception {
        try (RedisServer guarded = RedisServer.startedWith("--requirepass", "a redis secret")) {
            String address = guarded.hostAndPort();
            RedisRateLimiter first = at("redis://:a%20redis%20secret@" + address + "/2");
            RedisRateLimiter second = at("redis://:a%20redis%20secret@" + address + "/2");
            first.add("with-password", 2, WINDOW);
            assertThat(second.count("with-password", WINDOW)).isEqualTo(2);

            RedisRateLimiter wrong = at("redis://:not%20it@" + address);
            assertThat(wrong.add("wrong-password", 1, WINDOW)).as("counted here").isEqualTo(1);
            assertThat(metrics.count("msa_redis_unavailable")).isPositive();
        }
    }

    @Test
    void locationsAreRedisUrisOrHostAndPortAndNeverShowThePassword() {
        assertThat(RedisLink.location("redis.internal:6379").map(RedisLink::describe))
            .contains("redis://redis.internal:6379/0");
        assertThat(RedisLink.location("rediss://msa:secret@redis.internal:6380/3").map(RedisLink::describe))
            .contains("rediss://redis.internal:6380/3");
        assertThat(RedisLink.location("redis-sentinel://s1:26379,s2:26379/0#mymaster").map(RedisLink::describe))
            .contains("sentinel s1:26379,s2:26379 master mymaster");
        assertThat(RedisLink.location("memcached://cache:11211")).isEmpty();
        assertThat(RedisLink.location("redis.internal")).isEmpty();
    }

    @Test
    void everyWindowKeyExpiresInRedisAfterTwoWindows() {
        RateLimiter limiter = limiter();
        limiter.add("expiring", 1, Duration.ofSeconds(30));

        RedisClient client = RedisClient.create(RedisURI.create("redis://" + redis.hostAndPort()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().keys("msa:rl:expiring:*");
            assertThat(keys).hasSize(1);
            assertThat(connection.sync().pttl(keys.get(0))).isBetween(1L, 60_000L);
        } finally {
            client.shutdown();
        }
    }
}
