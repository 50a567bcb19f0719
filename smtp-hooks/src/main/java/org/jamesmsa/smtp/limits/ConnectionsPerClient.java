package org.jamesmsa.smtp.limits;

import java.util.List;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.proxy.ProxyHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections at once per client address, counted from the address the session knows at HELO/EHLO: behind HAProxy
 * that is the client's from the PROXY header, where James's {@code connectionLimitPerIP} counts the TCP peer, the
 * proxy, and would hold every client behind it to one limit. Past {@code max}, {@code 421 4.7.0} and the connection
 * is closed (RFC 5321 4.5.3.2). IPv6 clients count per /64. {@code 0} turns it off (James's own limit then applies).
 * The count is this node's, or every node's when they share a Redis ({@link OpenConnections}).
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.limits.ConnectionsPerClient">
 *     <max>20</max>
 * </handler>
 * }</pre>
 */
public class ConnectionsPerClient implements HeloHook, DisconnectHandler<SMTPSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionsPerClient.class);
    private static final SMTPSession.AttachmentKey<String> COUNTED = SMTPSession.AttachmentKey.of("msa.connectionCounted", String.class);

    private final OpenConnections open;
    private int max;

    @Inject
    public ConnectionsPerClient(OpenConnections open) {
        this.open = open;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Settings settings = Settings.ofHandler(config, getClass(), List.of("max"));
        max = settings.get("max", ValueType.COUNT_OR_OFF, 0);
    }

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        if (max == 0 || ProxyHealthCheck.is(session) || session.getAttachment(COUNTED, State.Connection).isPresent()) {
            return HookResult.DECLINED;
        }
        String client = ClientAddress.keyOf(session.getRemoteAddress().getAddress());
        long now = open.opened(client, session.getSessionID());
        session.setAttachment(COUNTED, client, State.Connection);
        if (now > max) {
            LOGGER.info("Session {} from {}: {} connections at once, more than {}: closed", session.getSessionID(), client, now, max);
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.disconnected(HookReturnCode.Action.DENY))
                .smtpReturnCode(SMTPRetCode.SERVICE_NOT_AVAILABLE)
                .smtpDescription("4.7.0 Too many connections from your address; try again later")
                .build();
        }
        return HookResult.DECLINED;
    }

    @Override
    public void onDisconnect(SMTPSession session) {
        session.getAttachment(COUNTED, State.Connection).ifPresent(client -> open.closed(client, session.getSessionID()));
    }
}
