package org.jamesmsa.smtp.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jamesmsa.contracts.TestMetrics;
import org.jamesmsa.smtp.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes' counts of one client's connections, in the real redis-server started for this class. */
class RedisOpenConnectionsTest {
    private static RedisServer redis;
    private final TestMetrics metrics = new TestMetrics();
    private final List<RedisOpenConnections> nodes = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.started();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(RedisOpenConnections::close);
    }

    private RedisOpenConnections node(String name, Duration lease) {
        RedisLink link = new RedisLink(RedisLink.location(redis.hostAndPort()).orElseThrow(), Duration.ofSeconds(2), metrics.metrics);
        RedisOpenConnections node = new RedisOpenConnections(link, name, lease);
        nodes.add(node);
        return node;
    }

    @Test
    void aClientsConnectionsAreCountedAcrossNodesAndAClosedOneNoLonger() {
        RedisOpenConnections first = node("n1", RedisOpenConnections.LEASE);
        RedisOpenConnections second = node("n2", RedisOpenConnections.LEASE);

        assertThat(first.opened("192.0.2.10", "s1")).isEqualTo(1);
        assertThat(second.opened("192.0.2.10", "s1")).as("another node's session of the same id").isEqualTo(2);
        assertThat(second.opened("192.0.2.11", "s2")).as("another client").isEqualTo(1);
        first.closed("192.0.2.10", "s1");

        assertThat(second.opened("192.0.2.10", "s3")).isEqualTo(2);
    }

    @Test
    void theConnectionsOfANodeThatDiedLapseWithTheirLeaseWhileALiveNodeRenewsItsOwn() throws Exception {
        Duration lease = Duration.ofMillis(1500);
        RedisOpenConnections dying = node("dying", lease);
        RedisOpenConnections living = node("living", lease);
        dying.opened("192.0.2.20", "a");
        dying.opened("192.0.2.20", "b");
        living.opened("192.0.2.20", "c");
        dying.close();

        Thread.sleep(3 * lease.toMillis());

        assertThat(living.opened("192.0.2.20", "d")).as("c, renewed, and d; a and b lapsed").isEqualTo(2);
    }

    @Test
    void whileRedisIsDownANodeCountsItsOwnAndPutsThemBackOnceItAnswers() throws Exception {
        Duration lease = Duration.ofMillis(1500);
        RedisOpenConnections first = node("n1", lease);
        RedisOpenConnections second = node("n2", lease);
        redis.stop();
        try {
            assertThat(first.opened("192.0.2.30", "a")).as("counted in this node").isEqualTo(1);
            assertThat(first.opened("192.0.2.30", "b")).isEqualTo(2);
            assertThat(metrics.count("msa_redis_unavailable")).isPositive();
        } finally {
            redis.start();
        }

        long counted = 0;
        for (int i = 0; i < 100 && counted < 3; i++) {
            Thread.sleep(100);
            second.closed("192.0.2.30", "probe");
            counted = second.opened("192.0.2.30", "probe");
        }
        assertThat(counted).as("a and b renewed into Redis once it answered, and the probe").isEqualTo(3);
    }
}
