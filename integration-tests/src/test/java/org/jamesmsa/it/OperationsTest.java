package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an operator reads through webadmin after known traffic: James's Prometheus text with the bundle's msa_*
 * metrics, and the audit records and their check. One message per recipient at most 2, to see a limit refuse.
 */
class OperationsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer().withConfChanges(Map.of("smtpserver.xml", Map.of(
        "<recipientsPerMessage>100</recipientsPerMessage>", "<recipientsPerMessage>2</recipientsPerMessage>")));

    private static String get(String path) throws Exception {
        return MSA.webAdmin().send(MSA.webAdmin().request(path)).body();
    }

    @Test
    void knownTrafficShowsInTheMetricsAndTheAuditRoute() throws Exception {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.authPlain(ALICE, "not the password").code()).isEqualTo(535);
            assertThat(client.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
            assertThat(client.send("MAIL FROM:<" + ALICE + ">").code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<" + BOB + ">").code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<friend@remote.example>").code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<another@remote.example>").code()).isEqualTo(452);
            assertThat(client.send("DATA").code()).isEqualTo(354);
            client.write("Subject: operations\r\n\r\nhi\r\n");
            assertThat(client.send(".").code()).isEqualTo(250);
        }
        MSA.awaitDelivered(BOB, "operations");

        assertThat(get("/metrics")).as("every sample names the node (MSA_NODE_ID, default the host name)")
            .contains("msa_auth_success_plain_total{node=\"" + MsaTestServer.HOSTNAME + "\",} 1.0");
        String metrics = MSA.metrics();
        assertThat(metrics).contains("msa_auth_success_plain_total 1.0", "msa_auth_failure_plain_total 1.0",
            "msa_limit_refused_recipients_per_message_total 1.0", "msa_audit_write_count 1.0", "msa_audit_held_messages 0.0")
            .containsPattern("msa_csv_[a-z]+_total [1-9]")
            .as("James's own metrics are there too").contains("jvm_");

        JsonNode records = MAPPER.readTree(get("/msa/audit?user=" + ALICE + "&since=1h"));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).path("rcptTo")).hasSize(2);
        assertThat(records.get(0).path("origin").asText()).isEqualTo("submission");
        JsonNode verify = MAPPER.readTree(get("/msa/audit/verify"));
        assertThat(verify.path("intact").asBoolean()).as(verify.toString()).isTrue();
        assertThat(verify.path("records").asInt()).isEqualTo(1);
    }

    /** The doctor for monitoring: here no DNS answers, so checks fail, and the route says so with 503 and the checks. */
    @Test
    void theDoctorRouteReportsTheChecksAnd503WhenOneFails() throws Exception {
        var response = MSA.webAdmin().send(MSA.webAdmin().request("/msa/doctor"));

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode report = MAPPER.readTree(response.body());
        assertThat(report.path("domain").asText()).isEqualTo(MsaTestServer.DOMAIN);
        assertThat(report.path("failed").asInt()).isPositive();
        assertThat(report.path("checks").findValuesAsText("check")).contains("MX", "SPF", "DKIM", "certificate");
        assertThat(report.path("checks").get(0).path("detail").asText()).contains(MsaTestServer.HOSTNAME);
    }
}
