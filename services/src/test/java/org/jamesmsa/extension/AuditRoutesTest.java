package org.jamesmsa.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jamesmsa.audit.AuditField;
import org.jamesmsa.audit.AuditLog;
import org.jamesmsa.audit.AuditRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import spark.Service;

/** The routes in a real Spark server on loopback, over an audit folder written by the real store. */
class AuditRoutesTest {
    @TempDir
    Path working;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Path audit;
    private Service service;

    @BeforeEach
    void start() throws Exception {
        audit = working.resolve("audit");
        Path key = working.resolve("anchor-key.pem");
        try (AuditLog log = AuditLog.open(new AuditLog.Options(audit).anchorKey(key))) {
            for (String user : List.of("alice@msa.test", "bob@msa.test", "alice@msa.test")) {
                log.append(AuditRecord.at(Instant.now()).origin(AuditField.Origin.SUBMISSION).with(AuditField.AUTH_USER, user)
                    .with(AuditField.TRACE_ID, "trace-" + user).with(AuditField.CLIENT_IP, "192.0.2.7")
                    .with(AuditField.RCPT_TO, List.of("friend@elsewhere.example")).build()).get(10, TimeUnit.SECONDS);
            }
        }
        ServiceSettings settings = new TestServiceSettings(working, "audit.directory=" + audit + "\naudit.anchorKey=" + key + "\n").read();
        service = Service.ignite().ipAddress("127.0.0.1").port(0);
        new AuditRoutes(settings).define(service);
        service.awaitInitialization();
    }

    @AfterEach
    void stop() {
        service.stop();
        service.awaitStop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void recordsAreFoundByTheToolsCriteriaAndTimes() throws Exception {
        JsonNode alice = json.readTree(get("/msa/audit?user=alice@msa.test&since=1h").body());
        JsonNode limited = json.readTree(get("/msa/audit?ip=192.0.2.7&limit=2").body());
        JsonNode tomorrow = json.readTree(get("/msa/audit?since=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1)).body());

        assertThat(alice).hasSize(2).allSatisfy(record -> assertThat(record.path("authUser").asText()).isEqualTo("alice@msa.test"));
        assertThat(limited).hasSize(2);
        assertThat(tomorrow).isEmpty();
    }

    @Test
    void badTimesAndLimitsAreRefusedWithTheReason() throws Exception {
        HttpResponse<String> badTime = get("/msa/audit?since=yesterday");
        HttpResponse<String> badLimit = get("/msa/audit?limit=0");

        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("since: 'yesterday' is not a time");
        assertThat(badLimit.statusCode()).isEqualTo(400);
    }

    @Test
    void verifyReportsTheSignedChainAndWhatIsWrongWithIt() throws Exception {
        JsonNode intact = json.readTree(get("/msa/audit/verify").body());
        assertThat(intact.path("intact").asBoolean()).isTrue();
        assertThat(intact.path("records").asInt()).isEqualTo(3);
        assertThat(intact.path("anchors").asInt()).isPositive();

        Path file;
        try (var files = Files.list(audit)) {
            file = files.filter(p -> p.getFileName().toString().startsWith("audit-")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, lines.size() - 1));

        JsonNode cut = json.readTree(get("/msa/audit/verify").body());
        assertThat(cut.path("intact").asBoolean()).isFalse();
        assertThat(cut.path("problems").get(0).asText()).startsWith("record 4 missing from the end (cut)");
    }

    @Test
    void aMissingFolderIs404() throws Exception {
        Files.walk(audit).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());

        HttpResponse<String> verify = get("/msa/audit/verify");

        assertThat(verify.statusCode()).isEqualTo(404);
        assertThat(verify.body()).contains("no audit folder at " + audit);
    }
}
