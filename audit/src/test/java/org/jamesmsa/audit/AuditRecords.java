package org.jamesmsa.audit;

import java.time.Instant;
import java.util.List;

/** Audit records for tests, differing by their Message-ID. */
final class AuditRecords {
    private AuditRecords() {
    }

    static AuditRecord submission(Instant ts, String messageId) {
        return new AuditRecord(ts, "trace-" + messageId, "session-1", "<" + messageId + ">", "alice@msa.test",
            "submission", 587, "127.0.0.2", 40000, null, "client.example", "fail", "no reverse DNS name for 127.0.0.2",
            "TLSv1.3", "TLS_AES_256_GCM_SHA384", "alice@msa.test", List.of("bob@elsewhere.example"), 1234,
            "ab".repeat(32));
    }

    static AuditRecord mx(Instant ts, String messageId) {
        return new AuditRecord(ts, "trace-" + messageId, "session-2", "<" + messageId + ">", null, "mx", 25, "127.0.0.9",
            40001, "mta.example", "mta.example", "pass", "ok", null, null, "sender@elsewhere.example",
            List.of("alice@msa.test", "bob@msa.test"), 99, "cd".repeat(32));
    }
}
