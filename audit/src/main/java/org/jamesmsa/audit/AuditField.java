package org.jamesmsa.audit;

/**
 * The fields of an audit record, in the order they are written: the one statement of the record schema, used by
 * the writer ({@link AuditRecord#toJson}), the query ({@link AuditQuery}), the chain check and the tool. Names are
 * fixed: operators query them.
 */
public enum AuditField {
    TS("ts"),
    TRACE_ID("traceId"),
    SESSION_ID("sessionId"),
    MESSAGE_ID("messageId"),
    AUTH_USER("authUser"),
    LISTENER("listener"),
    PORT("port"),
    CLIENT_IP("clientIp"),
    CLIENT_PORT("clientPort"),
    CLIENT_NAME("clientName"),
    HELO("helo"),
    CSV("csv"),
    CSV_REASON("csvReason"),
    /** {@code null}, or an object with {@code protocol} and {@code cipher}. */
    TLS("tls"),
    MAIL_FROM("mailFrom"),
    RCPT_TO("rcptTo"),
    SIZE("size"),
    SHA256("sha256"),
    /** The hash of the record before (64 zeros for the first one ever). */
    PREV("prev"),
    /** sha256 over {@code prev}, a newline and the record without {@code hash}: see {@link AuditChain}. */
    HASH("hash");

    private final String json;

    AuditField(String json) {
        this.json = json;
    }

    /** The JSON member name. */
    public String json() {
        return json;
    }
}
