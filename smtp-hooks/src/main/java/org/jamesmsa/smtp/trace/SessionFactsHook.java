package org.jamesmsa.smtp.trace;

import java.util.List;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.jamesmsa.csv.CsvResult;
import org.jamesmsa.contracts.ListenerRole;
import org.jamesmsa.contracts.SessionFact;
import org.jamesmsa.contracts.NodeId;
import org.jamesmsa.contracts.SubmissionFacts;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.csv.ClientValidationHook;

/**
 * Writes onto each accepted Mail the {@link SubmissionFacts} that only the SMTP session knows, and James passes to no
 * mailet: the listener's role and port, the client's port, the session, the HELO, the trace token of
 * {@link MessageStamping}, TLS, the EHLO validation verdict of {@link ClientValidationHook} and the user.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.trace.SessionFactsHook">
 *     <!-- The role of this listener in trace headers and audit records: mx, submission or submissions. Required. -->
 *     <listener>submission</listener>
 * </handler>
 * }</pre>
 */
public class SessionFactsHook implements JamesMessageHook {
    private ListenerRole listener;

    @Override
    public void init(Configuration config) throws ConfigurationException {
        listener = Settings.ofHandler(config, getClass(), List.of("listener")).required("listener", ValueType.choice(ListenerRole.class));
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        factsOf(session).writeTo(mail);
        return HookResult.DECLINED;
    }

    SubmissionFacts factsOf(SMTPSession session) {
        SubmissionFacts.Builder facts = SubmissionFacts.builder(listener)
            .with(SessionFact.LOCAL_PORT, session.getLocalAddress().getPort())
            .with(SessionFact.CLIENT_PORT, session.getRemoteAddress().getPort())
            .with(SessionFact.SESSION_ID, session.getSessionID())
            .with(SessionFact.ACCEPTED_BY, NodeId.current())
            .with(SessionFact.HELO_MODE, session.getAttachment(SMTPSession.CURRENT_HELO_MODE, State.Connection).orElse(null))
            .with(SessionFact.HELO_NAME, session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse(null))
            .with(SessionFact.TRACE_ID, session.getAttachment(MessageStamping.TRACE_ID, State.Transaction).orElse(null))
            .with(SessionFact.AUTH_USER, session.getUsername() == null ? null : session.getUsername().asString());
        session.getSSLSession().ifPresent(tls -> facts.with(SessionFact.TLS_PROTOCOL, tls.getProtocol())
            .with(SessionFact.TLS_CIPHER, tls.getCipherSuite()));
        ClientValidationHook.resultOf(session).ifPresent(result -> facts.with(SessionFact.CSV_VERDICT, result.verdict().label())
            .with(SessionFact.CSV_REASON, result.reason())
            .with(SessionFact.CSV_NAME, result.validatedName().orElse(null)));
        return facts.build();
    }
}
