package org.jamesmsa.smtp.trace;

import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * Copies onto each accepted Mail what only the SMTP session knows: the listener's role and port, the client's
 * port, the TLS protocol and cipher, the HELO mode and name, the session ID and the trace token of
 * {@link TraceHeaderFilter} (see {@link SessionFacts}). James
 * passes none of these to mailets.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.trace.SessionFactsHook">
 *     <!-- The role of this listener in trace headers and audit records: mx, submission or submissions. -->
 *     <listener>submission</listener>
 * </handler>
 * }</pre>
 */
public class SessionFactsHook implements JamesMessageHook {
    private static final Set<String> ROLES = Set.of("mx", "submission", "submissions");

    private String listener;

    @Override
    public void init(Configuration config) throws ConfigurationException {
        String role = config.getString("listener", "");
        if (!ROLES.contains(role)) {
            throw new ConfigurationException("smtpserver.xml: <listener> of SessionFactsHook has value '" + role
                + "'; allowed values: mx, submission, submissions");
        }
        listener = role;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        set(mail, SessionFacts.LISTENER, AttributeValue.of(listener));
        set(mail, SessionFacts.LOCAL_PORT, AttributeValue.of(session.getLocalAddress().getPort()));
        set(mail, SessionFacts.CLIENT_PORT, AttributeValue.of(session.getRemoteAddress().getPort()));
        set(mail, SessionFacts.SESSION_ID, AttributeValue.of(session.getSessionID()));
        session.getAttachment(SMTPSession.CURRENT_HELO_MODE, State.Connection)
            .ifPresent(mode -> set(mail, SessionFacts.HELO_MODE, AttributeValue.of(mode)));
        session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection)
            .ifPresent(name -> set(mail, SessionFacts.HELO_NAME, AttributeValue.of(name)));
        session.getAttachment(TraceHeaderFilter.TRACE_ID, State.Transaction)
            .ifPresent(traceId -> set(mail, SessionFacts.TRACE_ID, AttributeValue.of(traceId)));
        session.getSSLSession().ifPresent(tls -> {
            set(mail, SessionFacts.TLS_PROTOCOL, AttributeValue.of(tls.getProtocol()));
            set(mail, SessionFacts.TLS_CIPHER, AttributeValue.of(tls.getCipherSuite()));
        });
        return HookResult.DECLINED;
    }

    private static void set(Mail mail, String name, AttributeValue<?> value) {
        mail.setAttribute(new Attribute(AttributeName.of(name), value));
    }
}
