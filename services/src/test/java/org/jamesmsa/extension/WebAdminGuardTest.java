package org.jamesmsa.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.apache.james.webadmin.CORSFilter;
import org.apache.james.webadmin.routes.CORSRoute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import spark.Service;

/** The guard in a real Spark server on loopback, behind James's own CORS filter and route as webadmin sets them up. */
class WebAdminGuardTest {
    private static final String PASSWORD = "correct horse battery";
    private final HttpClient http = HttpClient.newHttpClient();
    private Service service;

    private void start(WebAdminGuard guard) {
        service = Service.ignite().ipAddress("127.0.0.1").port(0);
        service.before(new CORSFilter("*"));
        new CORSRoute().define(service);
        guard.define(service);
        service.get("/users", (request, response) -> "[]");
        service.get("/healthcheck", (request, response) -> "{\"status\":\"healthy\"}");
        service.awaitInitialization();
    }

    @AfterEach
    void stop() {
        service.stop();
        service.awaitStop();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aForeignOriginsPreflightAndRequestGetNoCorsHeader() throws Exception {
        start(new WebAdminGuard(Optional.empty(), Optional.empty()));

        HttpResponse<String> preflight = send(to("/users").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "PUT")
            .header("Access-Control-Request-Headers", "content-type"));
        HttpResponse<String> get = send(to("/users").header("Origin", "https://evil.example"));

        assertThat(preflight.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }

    @Test
    void theOriginTheOperatorAllowedKeepsItsHeaders() throws Exception {
        start(new WebAdminGuard(Optional.of("https://admin.example"), Optional.empty()));

        HttpResponse<String> allowed = send(to("/users").header("Origin", "https://admin.example"));
        HttpResponse<String> other = send(to("/users").header("Origin", "https://evil.example"));

        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void withAPasswordEveryRequestButTheHealthCheckNeedsIt() throws Exception {
        start(new WebAdminGuard(Optional.empty(), Optional.of(PASSWORD)));

        HttpResponse<String> none = send(to("/users").header("Origin", "https://evil.example"));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"james-msa webadmin\", charset=\"UTF-8\"");
        assertThat(none.headers().firstValue("Access-Control-Allow-Origin")).as("not even on a refusal").isEmpty();
        assertThat(send(to("/users").header("Authorization", basic("admin", "wrong"))).statusCode()).isEqualTo(401);
        assertThat(send(to("/users").header("Authorization", basic("root", PASSWORD))).statusCode()).isEqualTo(401);
        assertThat(send(to("/users").header("Authorization", "Basic %%%")).statusCode()).isEqualTo(401);
        assertThat(send(to("/users").header("Authorization", basic("admin", PASSWORD))).statusCode()).isEqualTo(200);
        assertThat(send(to("/healthcheck")).statusCode()).isEqualTo(200);
    }
}
