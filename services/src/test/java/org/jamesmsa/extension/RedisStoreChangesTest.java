package org.jamesmsa.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jamesmsa.contracts.StoreChanges;
import org.jamesmsa.smtp.limits.RedisLink;
import org.jamesmsa.smtp.testing.RedisServer;
import org.junit.jupiter.api.Test;

/** Against the real redis-server: what one node announces, every node hears, itself included. */
class RedisStoreChangesTest {

    @Test
    void aChangeAnnouncedOnOneNodeReachesEveryNodeWithinMilliseconds() throws Exception {
        try (RedisServer redis = RedisServer.started();
             RedisStoreChanges node1 = new RedisStoreChanges(RedisLink.location(redis.hostAndPort()).orElseThrow());
             RedisStoreChanges node2 = new RedisStoreChanges(RedisLink.location(redis.hostAndPort()).orElseThrow())) {
            List<String> heardOn1 = new CopyOnWriteArrayList<>();
            List<String> heardOn2 = new CopyOnWriteArrayList<>();
            node1.onChange(StoreChanges.USERS, heardOn1::add);
            node2.onChange(StoreChanges.USERS, heardOn2::add);
            node2.onChange(StoreChanges.ALIASES, alias -> heardOn2.add("alias " + alias));

            Instant announced = Instant.now();
            node1.announce(StoreChanges.USERS, "alice@msa.test");
            Instant deadline = announced.plusSeconds(2);
            while ((heardOn2.isEmpty() || heardOn1.isEmpty()) && Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }

            assertThat(heardOn2).containsExactly("alice@msa.test");
            assertThat(heardOn1).as("the announcing node too").containsExactly("alice@msa.test");
            System.out.printf("Store change heard by the other node after %d ms%n",
                Duration.between(announced, Instant.now()).toMillis());
        }
    }
}
