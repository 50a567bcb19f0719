package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With MSA_WEBADMIN_PASSWORD, webadmin answers only those who give it; the fixture itself made its users with it. */
class WebAdminPasswordTest {
    private static final String PASSWORD = "a long webadmin password";

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer(Map.of("MSA_WEBADMIN_PASSWORD", PASSWORD));

    /** What a browser sends before a page's script may PUT a user. */
    static HttpResponse<String> foreignPreflight(WebAdminClient webAdmin) throws Exception {
        return webAdmin.send(webAdmin.request("/users/mallory@msa.test").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "PUT")
            .header("Access-Control-Request-Headers", "content-type"));
    }

    @Test
    void requestsWithoutThePasswordAreRefused() throws Exception {
        WebAdminClient stranger = new WebAdminClient(MSA.settingsForTests().webadminPort(), Optional.empty());
        WebAdminClient guesser = new WebAdminClient(MSA.settingsForTests().webadminPort(), Optional.of("not the password"));

        assertThat(stranger.send(stranger.request("/users")).statusCode()).isEqualTo(401);
        assertThat(guesser.send(guesser.request("/users")).statusCode()).isEqualTo(401);
        assertThat(stranger.send(stranger.request("/users/mallory@msa.test")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"password\":\"mallory's password\"}"))).statusCode()).isEqualTo(401);
        assertThat(stranger.send(stranger.request("/healthcheck")).statusCode()).as("monitoring needs no password").isEqualTo(200);

        HttpResponse<String> users = MSA.webAdmin().send(MSA.webAdmin().request("/users"));
        assertThat(users.statusCode()).isEqualTo(200);
        assertThat(users.body()).contains(MsaTestServer.ALICE).doesNotContain("mallory");
    }

    @Test
    void aForeignPreflightStillGetsNoAccessControlHeader() throws Exception {
        HttpResponse<String> preflight = foreignPreflight(
            new WebAdminClient(MSA.settingsForTests().webadminPort(), Optional.empty()));

        assertThat(preflight.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }
}
