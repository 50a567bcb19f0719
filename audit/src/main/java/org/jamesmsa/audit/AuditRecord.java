package org.jamesmsa.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the MSA knows of one accepted message (see {@link AuditField} for the JSON form). {@code prev} and
 * {@code hash} are added by the store when the record takes its place in the chain. Absent values are JSON nulls;
 * {@code tlsProtocol} is null when the session was not encrypted.
 */
public final class AuditRecord {
    private final Instant ts;
    private final String traceId;
    private final String sessionId;
    private final String messageId;
    private final String authUser;
    private final String listener;
    private final int port;
    private final String clientIp;
    private final int clientPort;
    private final String clientName;
    private final String helo;
    private final String csv;
    private final String csvReason;
    private final String tlsProtocol;
    private final String tlsCipher;
    private final String mailFrom;
    private final List<String> rcptTo;
    private final long size;
    private final String sha256;

    private AuditRecord(Builder b) {
        this.ts = Objects.requireNonNull(b.ts, "ts");
        this.traceId = b.traceId;
        this.sessionId = b.sessionId;
        this.messageId = b.messageId;
        this.authUser = b.authUser;
        this.listener = b.listener;
        this.port = b.port;
        this.clientIp = b.clientIp;
        this.clientPort = b.clientPort;
        this.clientName = b.clientName;
        this.helo = b.helo;
        this.csv = b.csv;
        this.csvReason = b.csvReason;
        this.tlsProtocol = b.tlsProtocol;
        this.tlsCipher = b.tlsCipher;
        this.mailFrom = b.mailFrom;
        this.rcptTo = List.copyOf(b.rcptTo);
        this.size = b.size;
        this.sha256 = b.sha256;
    }

    public static Builder at(Instant ts) {
        return new Builder(ts);
    }

    public Instant ts() {
        return ts;
    }

    public String traceId() {
        return traceId;
    }

    public String messageId() {
        return messageId;
    }

    /** The JSON object in the order of {@link AuditField}, chained to {@code prev}, without {@code hash}. */
    ObjectNode toJson(ObjectMapper mapper, String prev) {
        ObjectNode node = mapper.createObjectNode();
        node.put(AuditField.TS.json(), AuditFiles.RFC3339.format(ts));
        node.put(AuditField.TRACE_ID.json(), traceId);
        node.put(AuditField.SESSION_ID.json(), sessionId);
        node.put(AuditField.MESSAGE_ID.json(), messageId);
        node.put(AuditField.AUTH_USER.json(), authUser);
        node.put(AuditField.LISTENER.json(), listener);
        node.put(AuditField.PORT.json(), port);
        node.put(AuditField.CLIENT_IP.json(), clientIp);
        node.put(AuditField.CLIENT_PORT.json(), clientPort);
        node.put(AuditField.CLIENT_NAME.json(), clientName);
        node.put(AuditField.HELO.json(), helo);
        node.put(AuditField.CSV.json(), csv);
        node.put(AuditField.CSV_REASON.json(), csvReason);
        if (tlsProtocol == null) {
            node.putNull(AuditField.TLS.json());
        } else {
            node.putObject(AuditField.TLS.json()).put("protocol", tlsProtocol).put("cipher", tlsCipher);
        }
        node.put(AuditField.MAIL_FROM.json(), mailFrom);
        ArrayNode recipients = node.putArray(AuditField.RCPT_TO.json());
        rcptTo.forEach(recipients::add);
        node.put(AuditField.SIZE.json(), size);
        node.put(AuditField.SHA256.json(), sha256);
        node.put(AuditField.PREV.json(), prev);
        return node;
    }

    /** Builds a record field by field; fields not set are written as null (numbers as 0, recipients empty). */
    public static final class Builder {
        private final Instant ts;
        private String traceId;
        private String sessionId;
        private String messageId;
        private String authUser;
        private String listener;
        private int port;
        private String clientIp;
        private int clientPort;
        private String clientName;
        private String helo;
        private String csv;
        private String csvReason;
        private String tlsProtocol;
        private String tlsCipher;
        private String mailFrom;
        private List<String> rcptTo = List.of();
        private long size;
        private String sha256;

        private Builder(Instant ts) {
            this.ts = ts;
        }

        public Builder traceId(String value) {
            traceId = value;
            return this;
        }

        public Builder sessionId(String value) {
            sessionId = value;
            return this;
        }

        public Builder messageId(String value) {
            messageId = value;
            return this;
        }

        public Builder authUser(String value) {
            authUser = value;
            return this;
        }

        public Builder listener(String value) {
            listener = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder client(String ip, int clientPortValue, String name) {
            clientIp = ip;
            clientPort = clientPortValue;
            clientName = name;
            return this;
        }

        public Builder helo(String value) {
            helo = value;
            return this;
        }

        public Builder csv(String verdict, String reason) {
            csv = verdict;
            csvReason = reason;
            return this;
        }

        /** Both null for a session without TLS. */
        public Builder tls(String protocol, String cipher) {
            tlsProtocol = protocol;
            tlsCipher = cipher;
            return this;
        }

        public Builder envelope(String sender, List<String> recipients) {
            mailFrom = sender;
            rcptTo = recipients;
            return this;
        }

        public Builder content(long sizeInBytes, String sha256Hex) {
            size = sizeInBytes;
            sha256 = sha256Hex;
            return this;
        }

        public AuditRecord build() {
            return new AuditRecord(this);
        }
    }
}
