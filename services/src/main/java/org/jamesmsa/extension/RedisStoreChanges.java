package org.jamesmsa.extension;

import org.jamesmsa.contracts.StoreChanges;
import org.jamesmsa.smtp.limits.RedisLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * {@link StoreChanges} told to every node through a Redis channel ({@value #CHANNEL}, messages
 * {@code <store> <subject>}): each node forgets what it kept of a changed account within the time Redis takes to
 * deliver a message, milliseconds. Lettuce subscribes again after a reconnection. While Redis is away the nodes fall
 * back on their caches' time to live (MSA_USERS_CACHE_SECONDS, MSA_RRT_CACHE_SECONDS), as without Redis; a change
 * that could not be told is logged.
 */
public final class RedisStoreChanges extends StoreChanges implements AutoCloseable {
    static final String CHANNEL = "msa:store-changes";
    private static final Logger LOGGER = LoggerFactory.getLogger(RedisStoreChanges.class);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final String server;

    public RedisStoreChanges(RedisURI location) {
        this.server = RedisLink.describe(location);
        this.client = RedisClient.create(location);
        this.publisher = client.connect();
        this.subscriber = client.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                int space = message.indexOf(' ');
                if (CHANNEL.equals(channel) && space > 0) {
                    changed(message.substring(0, space), message.substring(space + 1));
                }
            }
        });
        subscriber.sync().subscribe(CHANNEL);
    }

    @Override
    public void announce(String store, String subject) {
        try {
            publisher.sync().publish(CHANNEL, store + " " + subject);
        } catch (RuntimeException e) {
            LOGGER.warn("Cannot tell the other nodes through Redis at {} that {} {} changed ({}): they see it after their "
                + "cache's time to live", server, store, subject, e.toString());
            changed(store, subject);
        }
    }

    @Override
    public void close() {
        subscriber.close();
        publisher.close();
        client.shutdown();
    }
}
