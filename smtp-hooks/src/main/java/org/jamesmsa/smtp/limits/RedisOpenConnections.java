package org.jamesmsa.smtp.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jamesmsa.contracts.BackgroundTimer;

import io.lettuce.core.ScriptOutputType;

/**
 * Open connections counted across every node that shares a Redis: each client address is a sorted set
 * ({@code msa:conn:<client>}) of its open connections ({@code <node>:<session>}), each scored with the end of a lease
 * that its node renews every third of it. A node that dies without closing its connections cannot hold a client
 * out for long: its entries lapse within {@link #LEASE}. Times are Redis's own clock, so that the nodes' clocks need
 * not agree. While Redis does not answer, the connections are counted in this node alone (the documented fallback).
 */
public final class RedisOpenConnections implements OpenConnections, AutoCloseable {
    static final Duration LEASE = Duration.ofSeconds(90);
    private static final String NOW = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) ";
    /** KEYS[1] the client's set; ARGV[1] the lease in ms, ARGV[2] the connection. */
    private static final String OPEN = NOW
        + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) "
        + "redis.call('ZADD', KEYS[1], now + ARGV[1], ARGV[2]) "
        + "redis.call('PEXPIRE', KEYS[1], ARGV[1]) "
        + "return redis.call('ZCARD', KEYS[1])";
    /** KEYS[1] the client's set; ARGV[1] the lease in ms, ARGV[2..] this node's open connections of the client. */
    private static final String RENEW_LEASES = NOW
        + "for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + ARGV[1], ARGV[i]) end "
        + "redis.call('PEXPIRE', KEYS[1], ARGV[1]) "
        + "return #ARGV - 1";

    private final RedisLink redis;
    private final String node;
    private final LocalOpenConnections local = new LocalOpenConnections();
    private final ScheduledExecutorService timer = BackgroundTimer.named("james-msa-connection-leases");
    private final String lease;

    public RedisOpenConnections(RedisLink redis, String node) {
        this(redis, node, LEASE);
    }

    RedisOpenConnections(RedisLink redis, String node, Duration lease) {
        this.redis = redis;
        this.node = node;
        this.lease = Long.toString(lease.toMillis());
        long renew = lease.toMillis() / 3;
        timer.scheduleWithFixedDelay(this::renewLeases, renew, renew, TimeUnit.MILLISECONDS);
    }

    @Override
    public long opened(String client, String id) {
        long here = local.opened(client, id);
        return redis.call(commands -> commands.<Long>eval(OPEN, ScriptOutputType.INTEGER, new String[] {key(client)},
            lease, member(id))).orElse(here);
    }

    @Override
    public void closed(String client, String id) {
        local.closed(client, id);
        redis.call(commands -> commands.zrem(key(client), member(id)));
    }

    /** Also puts back the connections opened while Redis was away. */
    void renewLeases() {
        local.snapshot().forEach((client, ids) -> {
            List<String> arguments = new ArrayList<>();
            arguments.add(lease);
            ids.forEach(id -> arguments.add(member(id)));
            redis.call(commands -> commands.<Long>eval(RENEW_LEASES, ScriptOutputType.INTEGER, new String[] {key(client)},
                arguments.toArray(String[]::new)));
        });
    }

    private String member(String id) {
        return node + ":" + id;
    }

    private static String key(String client) {
        return "msa:conn:" + client;
    }

    /** This node's open connections of {@code client}: for tests. */
    Set<String> localOf(String client) {
        return local.snapshot().getOrDefault(client, Set.of());
    }

    /** Closes the link it was given; the entries of connections still open lapse with their leases. */
    @Override
    public void close() {
        timer.shutdownNow();
        redis.close();
    }
}
