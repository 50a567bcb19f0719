package org.jamesmsa.model;

import java.util.List;

import org.apache.mailet.AttributeName;

/**
 * The Mail attributes through which the SMTP hooks tell the mailets what only the session knew. Read and written as a
 * whole by {@link SubmissionFacts}; listed here so that operators' matchers and mailets can name them too.
 */
public final class MsaAttributes {
    /** {@link ListenerRole#label()} of the listener that accepted the message. */
    public static final AttributeName LISTENER = AttributeName.of("org.jamesmsa.trace.listener");
    public static final AttributeName LOCAL_PORT = AttributeName.of("org.jamesmsa.trace.port");
    public static final AttributeName CLIENT_PORT = AttributeName.of("org.jamesmsa.trace.clientPort");
    /** Absent when the session was not encrypted. */
    public static final AttributeName TLS_PROTOCOL = AttributeName.of("org.jamesmsa.trace.tlsProtocol");
    public static final AttributeName TLS_CIPHER = AttributeName.of("org.jamesmsa.trace.tlsCipher");
    /** {@code EHLO} or {@code HELO}. */
    public static final AttributeName HELO_MODE = AttributeName.of("org.jamesmsa.trace.heloMode");
    /** The name the client asserted, validated or not. */
    public static final AttributeName HELO_NAME = AttributeName.of("org.jamesmsa.trace.helo");
    public static final AttributeName SESSION_ID = AttributeName.of("org.jamesmsa.trace.sessionId");
    /** The node whose listener accepted the message ({@link NodeId}); another may process it from a shared queue. */
    public static final AttributeName ACCEPTED_BY = AttributeName.of("org.jamesmsa.trace.acceptedBy");
    /** The token of the Received and X-MSA-Trace headers: the key to the message's audit record. */
    public static final AttributeName TRACE_ID = AttributeName.of("org.jamesmsa.trace.id");
    /** The header that carries {@link #TRACE_ID} in the message, written by the MSA only. */
    public static final String TRACE_HEADER = "X-MSA-Trace";
    /** The EHLO validation verdict (pass, prohibited, fail, none, temperror) and its reason. */
    public static final AttributeName CSV_VERDICT = AttributeName.of("org.jamesmsa.csv.verdict");
    public static final AttributeName CSV_REASON = AttributeName.of("org.jamesmsa.csv.reason");
    /** The EHLO name, only when it passed validation. */
    public static final AttributeName CSV_NAME = AttributeName.of("org.jamesmsa.csv.name");
    /** The Sender header the From policy of the listener asks for: the authenticated user's address. */
    public static final AttributeName SENDER_HEADER = AttributeName.of("org.jamesmsa.fromPolicy.sender");
    /**
     * FUTURERELEASE (RFC 4865): when the message may leave, RFC 3339 in UTC. The message is queued and audited at
     * once; the {@code FutureRelease} mailet holds it after its audit record is written.
     */
    public static final AttributeName RELEASE_AT = AttributeName.of("org.jamesmsa.futureRelease.releaseAt");
    /** REQUIRETLS (RFC 8689): true when the sender asked that the message travel only over verified TLS. */
    public static final AttributeName REQUIRE_TLS = AttributeName.of("org.jamesmsa.requireTls");
    /** MT-PRIORITY (RFC 6710): the priority the sender asked, -9 to 9, passed on to a next hop that offers it. */
    public static final AttributeName MT_PRIORITY = AttributeName.of("org.jamesmsa.mtPriority");
    /** Set by James itself: the authenticated login. */
    public static final AttributeName AUTH_USER = AttributeName.of("org.apache.james.SMTPAuthUser");

    /** The facts whose values are text, and those that are numbers (besides {@link #LISTENER}, the role). */
    static final List<AttributeName> TEXTS = List.of(SESSION_ID, ACCEPTED_BY, HELO_MODE, HELO_NAME, TRACE_ID, TLS_PROTOCOL, TLS_CIPHER,
        CSV_VERDICT, CSV_REASON, CSV_NAME, AUTH_USER, SENDER_HEADER);
    static final List<AttributeName> NUMBERS = List.of(LOCAL_PORT, CLIENT_PORT);

    private MsaAttributes() {
    }
}
