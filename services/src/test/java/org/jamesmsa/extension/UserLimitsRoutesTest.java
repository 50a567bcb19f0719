package org.jamesmsa.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.smtp.limits.UserQuotas.Quota;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import spark.Service;

/** The routes in a real Spark server on loopback, over James's in-memory users. */
class UserLimitsRoutesTest {
    @TempDir
    Path folder;

    private final HttpClient http = HttpClient.newHttpClient();
    private UserLimitsFile limits;
    private Service service;

    @BeforeEach
    void start() throws Exception {
        limits = UserLimitsFile.open(folder.resolve("user-limits.properties"));
        service = Service.ignite().ipAddress("127.0.0.1").port(0);
        new UserLimitsRoutes(limits, TestAccounts.create().users).define(service);
        service.awaitInitialization();
    }

    @AfterEach
    void stop() {
        service.stop();
        service.awaitStop();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aUserGetsLimitsOfTheirOwnThatApplyAtOnceAndAreListed() throws Exception {
        HttpResponse<String> put = send("PUT", "/msa/user-limits/alice@msa.test", "{\"messagesPerHour\":2000,\"recipientsPerHour\":0}");

        assertThat(put.statusCode()).isEqualTo(204);
        assertThat(limits.of(TestAccounts.ALICE)).contains(new Quota(2000, 0));
        assertThat(send("GET", "/msa/user-limits/alice@msa.test", null).body()).contains("\"messagesPerHour\":2000", "\"recipientsPerHour\":0");
        assertThat(send("GET", "/msa/user-limits", null).body()).startsWith("{\"alice@msa.test\":{");
        assertThat(UserLimitsFile.open(folder.resolve("user-limits.properties")).of(TestAccounts.ALICE)).as("saved").contains(new Quota(2000, 0));
    }

    @Test
    void deletingBringsBackTheListenersNumbers() throws Exception {
        limits.set(TestAccounts.BOB, new Quota(1, 1));

        assertThat(send("DELETE", "/msa/user-limits/bob@msa.test", null).statusCode()).isEqualTo(204);

        assertThat(limits.of(TestAccounts.BOB)).isEmpty();
        assertThat(send("GET", "/msa/user-limits/bob@msa.test", null).statusCode()).isEqualTo(404);
    }

    @Test
    void badBodiesAndUnknownUsersAreRefusedWithReasons() throws Exception {
        HttpResponse<String> notJson = send("PUT", "/msa/user-limits/alice@msa.test", "2000");
        HttpResponse<String> negative = send("PUT", "/msa/user-limits/alice@msa.test", "{\"messagesPerHour\":-1,\"recipientsPerHour\":5}");
        HttpResponse<String> missing = send("PUT", "/msa/user-limits/alice@msa.test", "{\"messagesPerHour\":5}");
        HttpResponse<String> stranger = send("PUT", "/msa/user-limits/mallory@msa.test", "{\"messagesPerHour\":5,\"recipientsPerHour\":5}");

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("whole numbers, 0 for no limit");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(stranger.body()).contains("mallory@msa.test is not a user");
        assertThat(limits.all()).isEmpty();
    }
}
