package org.jamesmsa.smtp.proxy;

import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * A session the proxy opened for itself (PROXY v2 LOCAL: HAProxy's health checks, one a second per node and
 * listener): it names no client, so there is no client to validate, count or log; the hooks let it through quietly.
 */
public final class ProxyHealthCheck {
    private static final SMTPSession.AttachmentKey<Boolean> KEY = SMTPSession.AttachmentKey.of("msa.proxyHealthCheck", Boolean.class);

    private ProxyHealthCheck() {
    }

    public static void mark(SMTPSession session) {
        session.setAttachment(KEY, Boolean.TRUE, State.Connection);
    }

    public static boolean is(SMTPSession session) {
        return session.getAttachment(KEY, State.Connection).orElse(false);
    }
}
