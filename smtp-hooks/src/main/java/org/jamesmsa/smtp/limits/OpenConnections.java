package org.jamesmsa.smtp.limits;

/**
 * The connections open at once per client address, for {@link ConnectionsPerClient}: in this node
 * ({@link LocalOpenConnections}, the default) or across every node that shares a Redis ({@link RedisOpenConnections}).
 */
public interface OpenConnections {

    /** Counts connection {@code id} of {@code client} as open; returns how many of the client's are open, this one included. */
    long opened(String client, String id);

    /** Connection {@code id} of {@code client} is closed: it no longer counts. */
    void closed(String client, String id);
}
