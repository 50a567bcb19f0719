package org.jamesmsa.audit;

import static org.jamesmsa.audit.AuditField.*;

import java.time.Instant;
import java.util.List;

import org.jamesmsa.audit.AuditField.Origin;

/** Audit records for tests, differing by their Message-ID. */
final class AuditRecords {
    private AuditRecords() {
    }

    static AuditRecord submission(Instant ts, String messageId) {
        return AuditRecord.at(ts).origin(Origin.SUBMISSION).with(TRACE_ID, "trace-" + messageId).with(SESSION_ID, "session-1")
            .with(MESSAGE_ID, "<" + messageId + ">").with(AUTH_USER, "alice@msa.test").with(LISTENER, "submission")
            .with(PORT, 587).with(CLIENT_IP, "127.0.0.2").with(CLIENT_PORT, 40000).with(HELO, "client.example")
            .with(CSV, "fail").with(CSV_REASON, "no reverse DNS name for 127.0.0.2").tls("TLSv1.3", "TLS_AES_256_GCM_SHA384")
            .with(MAIL_FROM, "alice@msa.test").with(RCPT_TO, List.of("bob@elsewhere.example")).with(SIZE, 1234)
            .with(SHA256, "ab".repeat(32))
            .build();
    }

    /** A bounce James made about the message of {@code aboutTrace}, to its sender. */
    static AuditRecord bounce(Instant ts, String messageId, String aboutTrace) {
        return AuditRecord.at(ts).origin(Origin.BOUNCE).with(ABOUT, aboutTrace).with(MESSAGE_ID, "<" + messageId + ">")
            .with(MAIL_FROM, "").with(RCPT_TO, List.of("alice@msa.test")).with(SIZE, 2048).with(SHA256, "ef".repeat(32))
            .build();
    }

    static AuditRecord mx(Instant ts, String messageId) {
        return AuditRecord.at(ts).origin(Origin.MX).with(TRACE_ID, "trace-" + messageId).with(SESSION_ID, "session-2")
            .with(MESSAGE_ID, "<" + messageId + ">").with(LISTENER, "mx").with(PORT, 25).with(CLIENT_IP, "127.0.0.9")
            .with(CLIENT_PORT, 40001).with(CLIENT_NAME, "mta.example").with(HELO, "mta.example").with(CSV, "pass")
            .with(CSV_REASON, "ok").with(MAIL_FROM, "sender@elsewhere.example").with(RCPT_TO, List.of("alice@msa.test", "bob@msa.test"))
            .with(SIZE, 99).with(SHA256, "cd".repeat(32))
            .build();
    }
}
