package org.jamesmsa.audit;

import java.time.Instant;
import java.util.List;

/** Audit records for tests, differing by their Message-ID. */
final class AuditRecords {
    private AuditRecords() {
    }

    static AuditRecord submission(Instant ts, String messageId) {
        return AuditRecord.at(ts).traceId("trace-" + messageId).sessionId("session-1").messageId("<" + messageId + ">")
            .authUser("alice@msa.test").listener("submission").port(587).client("127.0.0.2", 40000, null)
            .helo("client.example").csv("fail", "no reverse DNS name for 127.0.0.2").tls("TLSv1.3", "TLS_AES_256_GCM_SHA384")
            .envelope("alice@msa.test", List.of("bob@elsewhere.example")).content(1234, "ab".repeat(32))
            .build();
    }

    static AuditRecord mx(Instant ts, String messageId) {
        return AuditRecord.at(ts).traceId("trace-" + messageId).sessionId("session-2").messageId("<" + messageId + ">")
            .listener("mx").port(25).client("127.0.0.9", 40001, "mta.example").helo("mta.example").csv("pass", "ok")
            .envelope("sender@elsewhere.example", List.of("alice@msa.test", "bob@msa.test")).content(99, "cd".repeat(32))
            .build();
    }
}
