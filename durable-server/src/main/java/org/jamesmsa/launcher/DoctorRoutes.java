package org.jamesmsa.launcher;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.servlet.http.HttpServletResponse;

import org.apache.james.webadmin.Routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import spark.Service;

/**
 * {@code james-msa doctor} for monitoring, in webadmin.properties {@code extensions.routes}:
 * <pre>
 * GET /msa/doctor[?domain=DOMAIN]   200 when no check failed, 503 when one did; the checks as JSON either way
 * </pre>
 * With the server's own settings (the {@code msa.*} properties the launcher set from MSA_*).
 */
public class DoctorRoutes implements Routes {
    public static final String BASE_PATH = "/msa/doctor";
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> {
            DnsDoctor doctor = DnsDoctor.of(settings(), Optional.ofNullable(request.queryParams("domain")));
            List<DnsDoctor.Check> checks = doctor.checks();
            ObjectNode report = json.createObjectNode().put("domain", doctor.domain()).put("failed", DnsDoctor.failed(checks));
            ArrayNode items = report.putArray("checks");
            for (DnsDoctor.Check check : checks) {
                ObjectNode item = items.addObject().put("outcome", check.outcome.name()).put("check", check.name)
                    .put("detail", check.detail);
                check.publish.ifPresent(record -> item.put("publish", record));
            }
            response.status(DnsDoctor.failed(checks) == 0 ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.type("application/json");
            return report.toString();
        });
    }

    private static Map<String, String> settings() {
        return Map.of("MSA_HOSTNAME", System.getProperty("msa.hostname", ""), "MSA_DOMAIN", System.getProperty("msa.domain", ""),
            "MSA_DNS_SERVERS", System.getProperty("msa.dns.servers", ""), "MSA_HOME", System.getProperty("msa.home", ""),
            "MSA_TLS_CERT", System.getProperty("msa.tls.cert", ""));
    }
}
