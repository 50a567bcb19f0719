package org.jamesmsa.audit;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the MSA knows of one accepted message. Field names are fixed: operators query them. {@code prev} and
 * {@code hash} are added by {@link AuditLog} when the record takes its place in the chain.
 *
 * @param tlsProtocol null when the session was not encrypted (then {@code tls} is null in JSON)
 */
public record AuditRecord(Instant ts, String traceId, String sessionId, String messageId, String authUser,
                          String listener, int port, String clientIp, int clientPort, String clientName, String helo,
                          String csv, String csvReason, String tlsProtocol, String tlsCipher, String mailFrom,
                          List<String> rcptTo, long size, String sha256) {

    /** The JSON object in its fixed field order, chained to {@code prev}, without {@code hash}. */
    ObjectNode toJson(ObjectMapper mapper, String prev) {
        ObjectNode node = mapper.createObjectNode();
        node.put("ts", AuditFiles.RFC3339.format(ts));
        node.put("traceId", traceId);
        node.put("sessionId", sessionId);
        node.put("messageId", messageId);
        node.put("authUser", authUser);
        node.put("listener", listener);
        node.put("port", port);
        node.put("clientIp", clientIp);
        node.put("clientPort", clientPort);
        node.put("clientName", clientName);
        node.put("helo", helo);
        node.put("csv", csv);
        node.put("csvReason", csvReason);
        if (tlsProtocol == null) {
            node.putNull("tls");
        } else {
            node.putObject("tls").put("protocol", tlsProtocol).put("cipher", tlsCipher);
        }
        node.put("mailFrom", mailFrom);
        var recipients = node.putArray("rcptTo");
        rcptTo.forEach(recipients::add);
        node.put("size", size);
        node.put("sha256", sha256);
        node.put("prev", prev);
        return node;
    }
}
