package org.jamesmsa.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Manages domains, users and aliases the way README tells operators to: James webadmin over HTTP. */
final class WebAdminClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    WebAdminClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    void addDomain(String domain) throws IOException, InterruptedException {
        put("/domains/" + domain, "");
    }

    void addUser(String username, String password) throws IOException, InterruptedException {
        put("/users/" + username, "{\"password\":\"" + password + "\"}");
    }

    void addAlias(String user, String alias) throws IOException, InterruptedException {
        put("/address/aliases/" + user + "/sources/" + alias, "");
    }

    void addDomainAlias(String domain, String aliasDomain) throws IOException, InterruptedException {
        put("/domains/" + domain + "/aliases/" + aliasDomain, "");
    }

    private void put(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("PUT " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
