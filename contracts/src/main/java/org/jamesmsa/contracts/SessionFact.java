package org.jamesmsa.contracts;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.jamesmsa.audit.AuditField;

/**
 * The facts that only the SMTP session knew about an accepted message, which James passes to no mailet: the one
 * declaration of each fact's name (the Mail attribute, and the session attachment the hooks keep it in until the
 * message is accepted), its type, and the audit record field it goes to. Hooks write them, mailets read them
 * ({@link SubmissionFacts}), {@code AuditRecorder} copies those with an {@link #auditField()} into the record, and
 * the query tool reads that field by the same {@link AuditField}. Operators' matchers and mailets may name the
 * attributes too: the names are fixed.
 */
public enum SessionFact {
    /** {@link ListenerRole#label()} of the listener that accepted the message. */
    LISTENER("org.jamesmsa.trace.listener", String.class, AuditField.LISTENER),
    LOCAL_PORT("org.jamesmsa.trace.port", Integer.class, AuditField.PORT),
    CLIENT_PORT("org.jamesmsa.trace.clientPort", Integer.class, AuditField.CLIENT_PORT),
    /** Absent when the session was not encrypted; with {@link #TLS_CIPHER}, the record's {@link AuditField#TLS} object. */
    TLS_PROTOCOL("org.jamesmsa.trace.tlsProtocol", String.class, null),
    TLS_CIPHER("org.jamesmsa.trace.tlsCipher", String.class, null),
    /** {@code EHLO} or {@code HELO}. */
    HELO_MODE("org.jamesmsa.trace.heloMode", String.class, null),
    /** The name the client asserted, validated or not. */
    HELO_NAME("org.jamesmsa.trace.helo", String.class, AuditField.HELO),
    SESSION_ID("org.jamesmsa.trace.sessionId", String.class, AuditField.SESSION_ID),
    /** The node whose listener accepted the message ({@link NodeId}); another may process it from a shared queue. */
    ACCEPTED_BY("org.jamesmsa.trace.acceptedBy", String.class, AuditField.ACCEPTED_BY),
    /** The token of the Received and {@value #TRACE_HEADER} headers: the key to the message's audit record. */
    TRACE_ID("org.jamesmsa.trace.id", String.class, AuditField.TRACE_ID),
    /** The EHLO validation verdict (pass, prohibited, fail, none, temperror) and its reason. */
    CSV_VERDICT("org.jamesmsa.csv.verdict", String.class, AuditField.CSV),
    CSV_REASON("org.jamesmsa.csv.reason", String.class, AuditField.CSV_REASON),
    /** The EHLO name, only when it passed validation. */
    CSV_NAME("org.jamesmsa.csv.name", String.class, null),
    /** Set by James itself: the authenticated login. */
    AUTH_USER("org.apache.james.SMTPAuthUser", String.class, AuditField.AUTH_USER),
    /**
     * FUTURERELEASE (RFC 4865): when the message may leave, RFC 3339 in UTC. The message is queued and audited at
     * once; the {@code FutureRelease} mailet holds it after its audit record is written.
     */
    RELEASE_AT("org.jamesmsa.futureRelease.releaseAt", String.class, null),
    /** REQUIRETLS (RFC 8689): true when the sender asked that the message travel only over verified TLS. */
    REQUIRE_TLS("org.jamesmsa.requireTls", Boolean.class, null),
    /** MT-PRIORITY (RFC 6710): the priority the sender asked, -9 to 9, passed on to a next hop that offers it. */
    MT_PRIORITY("org.jamesmsa.mtPriority", Integer.class, null);

    /** The header that carries {@link #TRACE_ID} in the message, written by the MSA only. */
    public static final String TRACE_HEADER = "X-MSA-Trace";

    private final AttributeName attribute;
    private final Class<?> type;
    private final AuditField auditField;

    SessionFact(String attribute, Class<?> type, AuditField auditField) {
        this.attribute = AttributeName.of(attribute);
        this.type = type;
        this.auditField = auditField;
    }

    /** The Mail attribute; its name also names the fact in the SMTP session. */
    public AttributeName attribute() {
        return attribute;
    }

    /** {@code String}, {@code Integer} or {@code Boolean}. */
    public Class<?> type() {
        return type;
    }

    /** The field of the audit record that carries the fact as it is; empty for facts recorded otherwise or not at all. */
    public Optional<AuditField> auditField() {
        return Optional.ofNullable(auditField);
    }

    /** The fact's value on the Mail, empty when absent or of another type than asked. */
    public <T> Optional<T> valueIn(Mail mail, Class<T> asked) {
        requireType(asked);
        return AttributeUtils.getValueAndCastFromMail(mail, attribute, asked);
    }

    /** Sets the fact on the Mail. */
    public void writeTo(Mail mail, Object value) {
        requireType(value.getClass());
        mail.setAttribute(new Attribute(attribute, AttributeValue.ofAny(value)));
    }

    public void removeFrom(Mail mail) {
        mail.removeAttribute(attribute);
    }

    void requireType(Class<?> asked) {
        if (!type.equals(asked)) {
            throw new IllegalArgumentException(name() + " (" + attribute.asString() + ") is a " + type.getSimpleName()
                + " fact, not a " + asked.getSimpleName());
        }
    }
}
