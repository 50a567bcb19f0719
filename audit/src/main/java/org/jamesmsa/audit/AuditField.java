package org.jamesmsa.audit;

/**
 * The fields of an audit record, in the order they are written: the one statement of the record schema, used by
 * the writer ({@link AuditRecord#toJson}), the query ({@link AuditQuery}), the chain check and the tool. Names are
 * fixed: operators query them.
 */
public enum AuditField {
    /** When the record was made, RFC 3339 in UTC with milliseconds. */
    TS("ts", Kind.TIME),
    /** The record's place in the chain, 1 for the first record ever, one more for every line after it. */
    SEQ("seq", Kind.CHAIN),
    /** What the record is: {@code message}, or a chain marker ({@code seal}, {@code open}; see {@link AuditMarkers}). */
    TYPE("type", Kind.CHAIN),
    /** The node that wrote the record (MSA_NODE_ID), the one that processed the message. */
    NODE("node", Kind.TEXT),
    /** The node whose listener accepted the message: with a queue the nodes share, another may have processed it. */
    ACCEPTED_BY("acceptedBy", Kind.TEXT),
    /** Where the message came from: {@code submission}, {@code mx}, {@code bounce} or {@code internal} (see {@link Origin}). */
    ORIGIN("origin", Kind.TEXT),
    TRACE_ID("traceId", Kind.TEXT),
    /** For a bounce: the trace ID of the message it reports on. */
    ABOUT("about", Kind.TEXT),
    SESSION_ID("sessionId", Kind.TEXT),
    MESSAGE_ID("messageId", Kind.TEXT),
    AUTH_USER("authUser", Kind.TEXT),
    LISTENER("listener", Kind.TEXT),
    PORT("port", Kind.NUMBER),
    CLIENT_IP("clientIp", Kind.TEXT),
    CLIENT_PORT("clientPort", Kind.NUMBER),
    CLIENT_NAME("clientName", Kind.TEXT),
    HELO("helo", Kind.TEXT),
    CSV("csv", Kind.TEXT),
    CSV_REASON("csvReason", Kind.TEXT),
    /** {@code null}, or an object with {@code protocol} and {@code cipher}. */
    TLS("tls", Kind.TLS),
    MAIL_FROM("mailFrom", Kind.TEXT),
    RCPT_TO("rcptTo", Kind.LIST),
    SIZE("size", Kind.NUMBER),
    /** Of the whole message as accepted (with this MSA's trace headers and fix-ups, before any DKIM signature): the MSA's own copy. */
    SHA256("sha256", Kind.TEXT),
    /** Of the body alone, canonicalized ({@link BodyHash}): matches a copy found anywhere, whatever headers it gained. */
    BODY_SHA256("bodySha256", Kind.TEXT),
    /** In an {@code account} record: what was done to the account named by {@code authUser} ({@code suspend}, {@code resume}). */
    ACTION("action", Kind.TEXT, false),
    /** In an {@code account} record: who did it, as the operator's tool gave it, and from where. */
    BY("by", Kind.TEXT, false),
    /** In an {@code account} record: the operator's reason. */
    REASON("reason", Kind.TEXT, false),
    /** In an {@code account} record: messages of the account taken out of the queue and held (suspend), or sent on or discarded (resume). */
    HELD("held", Kind.NUMBER, false),
    /** The hash of the record before (64 zeros for the first one ever). */
    PREV("prev", Kind.CHAIN),
    /** sha256 over {@code prev}, a newline and the record without {@code hash}: see {@link AuditChain}. */
    HASH("hash", Kind.CHAIN);

    /** Where a message came from. */
    public enum Origin {
        /** Accepted on a submission listener (587, 465) from an authenticated user. */
        SUBMISSION,
        /** Accepted on the MX listener. */
        MX,
        /** A delivery status notification James made about another message (named by {@link #ABOUT}). */
        BOUNCE,
        /** Any other message a mailet made (a notice to the postmaster, say). */
        INTERNAL;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How a field is written: absent texts are null, absent numbers 0, an absent list empty. */
    enum Kind { TIME, TEXT, NUMBER, LIST, TLS, CHAIN }

    private final String json;
    private final Kind kind;
    private final boolean inMessages;

    AuditField(String json, Kind kind) {
        this(json, kind, true);
    }

    AuditField(String json, Kind kind, boolean inMessages) {
        this.json = json;
        this.kind = kind;
        this.inMessages = inMessages;
    }

    /** Written in every {@code message} record (absent values as the kind says); the others only where set. */
    boolean inMessages() {
        return inMessages;
    }

    Kind kind() {
        return kind;
    }

    /** The JSON member name. */
    public String json() {
        return json;
    }
}
