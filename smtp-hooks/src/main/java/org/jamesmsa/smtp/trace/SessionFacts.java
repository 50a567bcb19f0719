package org.jamesmsa.smtp.trace;

/**
 * Names of the Mail attributes in which {@link SessionFactsHook} leaves what only the SMTP session knows, for
 * the trace and audit mailets.
 */
public final class SessionFacts {
    /** {@code mx}, {@code submission} or {@code submissions}: the listener's role. */
    public static final String LISTENER = "org.jamesmsa.trace.listener";
    public static final String LOCAL_PORT = "org.jamesmsa.trace.port";
    public static final String CLIENT_PORT = "org.jamesmsa.trace.clientPort";
    /** Absent when the session was not encrypted. */
    public static final String TLS_PROTOCOL = "org.jamesmsa.trace.tlsProtocol";
    public static final String TLS_CIPHER = "org.jamesmsa.trace.tlsCipher";
    /** {@code EHLO} or {@code HELO}. */
    public static final String HELO_MODE = "org.jamesmsa.trace.heloMode";
    /** The name the client asserted, validated or not. */
    public static final String HELO_NAME = "org.jamesmsa.trace.helo";
    public static final String SESSION_ID = "org.jamesmsa.trace.sessionId";
    /** The token of the Received and X-MSA-Trace headers: the key to the message's audit record. */
    public static final String TRACE_ID = "org.jamesmsa.trace.id";
    /** Set by James: the authenticated login. */
    public static final String AUTH_USER = "org.apache.james.SMTPAuthUser";

    private SessionFacts() {
    }
}
