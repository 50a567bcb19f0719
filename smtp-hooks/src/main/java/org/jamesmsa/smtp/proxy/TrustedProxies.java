package org.jamesmsa.smtp.proxy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.ReplyChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behind HAProxy (the listener's {@code <proxyRequired>true</proxyRequired>}), the PROXY header names the client and
 * everything after it (EHLO validation, limits, Received, the audit record) believes it: only the proxies may send
 * one. A connection whose TCP peer is not among {@code trustedProxies} is closed at once, before the greeting, whatever
 * it would have claimed. James reads the header only after its connect handlers ran, so this is checked against the
 * TCP peer itself. Empty: no check (a listener without PROXY).
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.proxy.TrustedProxies">
 *     <!-- MSA_TRUSTED_PROXIES: addresses or CIDR ranges, comma-separated. -->
 *     <trustedProxies>10.0.0.5, 10.0.1.0/24</trustedProxies>
 * </handler>
 * }</pre>
 */
public class TrustedProxies implements ConnectHandler<SMTPSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(TrustedProxies.class);
    static final ValueType<NetworkRanges> RANGES = ValueType.of("IP addresses or CIDR ranges, comma-separated",
        NetworkRanges::parse);
    /** Writes nothing and lets the next connect handler greet; James 3.8.1's statistics need a response. */
    private static final Response PASS = ReplyChannel.placeholderFor(Response.DISCONNECT);

    private NetworkRanges trusted = NetworkRanges.parse("").orElseThrow();

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Settings settings = Settings.ofHandler(config, getClass(), List.of("trustedProxies"));
        trusted = settings.optional("trustedProxies", RANGES).orElse(trusted);
    }

    @Override
    public Response onConnect(SMTPSession session) {
        if (trusted.isEmpty()) {
            return PASS;
        }
        Optional<InetAddress> peer = tcpPeer(session);
        if (peer.isPresent() && trusted.contains(peer.get())) {
            return PASS;
        }
        LOGGER.info("Connection from {} closed: not a trusted proxy, and this listener takes clients through the PROXY "
            + "protocol only", peer.map(InetAddress::getHostAddress).orElse("an unknown peer"));
        return Response.DISCONNECT;
    }

    /** The proxy itself: the session's remote address becomes the client's once the PROXY header is read. */
    private static Optional<InetAddress> tcpPeer(SMTPSession session) {
        if (session instanceof ProtocolSessionImpl) {
            return Optional.of(((ProtocolSessionImpl) session).getProtocolTransport().getRemoteAddress().getAddress());
        }
        return Optional.ofNullable(session.getRemoteAddress()).map(address -> address.getAddress());
    }
}
