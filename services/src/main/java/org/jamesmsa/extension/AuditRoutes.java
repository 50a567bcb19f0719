package org.jamesmsa.extension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.jamesmsa.audit.AnchorKeys;
import org.jamesmsa.audit.AuditQuery;
import org.jamesmsa.audit.AuditVerifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import spark.Request;
import spark.Service;

/**
 * The audit records through webadmin, the way James is operated, with the query and the checks of the
 * {@code james-msa-audit} tool (one code for both):
 * <pre>
 * GET /msa/audit?user=&amp;messageId=&amp;trace=&amp;ip=&amp;since=&amp;until=&amp;limit=   the records, oldest first (limit: 1000)
 * GET /msa/audit/verify                                                 the report of james-msa-audit verify
 * </pre>
 * Times are RFC 3339, a UTC day or an age ({@code since=7d}). The anchors' signatures are checked when
 * {@code audit.anchorKey} is set.
 */
public class AuditRoutes implements Routes {
    public static final String BASE_PATH = "/msa/audit";
    private static final int DEFAULT_LIMIT = 1000;

    private final ServiceSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock = Clock.systemUTC();

    @Inject
    public AuditRoutes(ServiceSettings settings) {
        this.settings = settings;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> find(request));
        service.get(BASE_PATH + "/verify", (request, response) -> verify());
    }

    private String find(Request request) throws IOException {
        AuditQuery.Filter filter = new AuditQuery.Filter(parameter(request, "messageId"), parameter(request, "trace"),
            parameter(request, "user"), parameter(request, "ip"), time(request, "since", AuditQuery.Bound.SINCE),
            time(request, "until", AuditQuery.Bound.UNTIL));
        int limit = parameter(request, "limit").map(AuditRoutes::count).orElse(DEFAULT_LIMIT);
        Path directory = existing(settings.auditDirectory());
        List<JsonNode> records = AuditQuery.find(directory, filter);
        ArrayNode found = json.createArrayNode();
        records.stream().limit(limit).forEach(found::add);
        return json.writeValueAsString(found);
    }

    private String verify() throws IOException {
        AuditVerifier.Options options = new AuditVerifier.Options(existing(settings.auditDirectory()))
            .anchors(settings.anchorDirectory());
        Optional<Path> key = settings.anchorKey().map(AnchorKeys::publicKeyOf);
        if (key.isPresent()) {
            options.publicKey(AnchorKeys.verifierFrom(key.get()));
        }
        try {
            return json.writeValueAsString(AuditVerifier.verify(options).toJson());
        } catch (AuditVerifier.NothingToVerify e) {
            throw RouteHelpers.notFound(e.getMessage());
        }
    }

    private static Path existing(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw RouteHelpers.notFound("no audit folder at " + directory);
        }
        return directory;
    }

    private static Optional<String> parameter(Request request, String name) {
        return Optional.ofNullable(request.queryParams(name)).filter(value -> !value.isBlank());
    }

    private Optional<Instant> time(Request request, String name, AuditQuery.Bound bound) {
        try {
            return parameter(request, name).map(value -> AuditQuery.time(value, bound, clock));
        } catch (IllegalArgumentException e) {
            throw RouteHelpers.badRequest(name + ": " + e.getMessage());
        }
    }

    private static int count(String text) {
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw RouteHelpers.badRequest("limit: '" + text + "' is not a count above 0");
    }
}
