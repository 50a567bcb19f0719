package org.jamesmsa.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Manages domains, users and aliases the way README tells operators to: James webadmin over HTTP. */
final class WebAdminClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final Optional<String> password;

    WebAdminClient(int port) {
        this(port, Optional.empty());
    }

    /** @param password MSA_WEBADMIN_PASSWORD, given with HTTP Basic as user admin */
    WebAdminClient(int port, Optional<String> password) {
        this("127.0.0.1", port, password);
    }

    /** Webadmin bound to another loopback address (a node of cluster/cluster.sh). */
    WebAdminClient(String address, int port, Optional<String> password) {
        this.base = "http://" + address + ":" + port;
        this.password = password;
    }

    /** A request to webadmin, with the password when there is one. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        password.ifPresent(secret -> request.header("Authorization", "Basic "
            + Base64.getEncoder().encodeToString(("admin:" + secret).getBytes(StandardCharsets.UTF_8))));
        return request;
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    void addDomain(String domain) throws IOException, InterruptedException {
        put("/domains/" + domain, "");
    }

    void addUser(String username, String password) throws IOException, InterruptedException {
        putUser(username, password, "");
    }

    /** James's webadmin changes the password of an existing user with {@code ?force}. */
    void changePassword(String username, String password) throws IOException, InterruptedException {
        putUser(username, password, "?force");
    }

    private void putUser(String username, String password, String query) throws IOException, InterruptedException {
        put("/users/" + username + query, "{\"password\":\"" + password + "\"}");
    }

    void addAlias(String user, String alias) throws IOException, InterruptedException {
        put("/address/aliases/" + user + "/sources/" + alias, "");
    }

    void removeAlias(String user, String alias) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request("/address/aliases/" + user + "/sources/" + alias).DELETE());
        if (response.statusCode() != 204) {
            throw new IOException("DELETE of alias " + alias + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    void addDomainAlias(String domain, String aliasDomain) throws IOException, InterruptedException {
        put("/domains/" + domain + "/aliases/" + aliasDomain, "");
    }

    /** The user's own hourly sending limits (0: none), as an operator raises them for a newsletter account. */
    void setUserLimits(String user, int messagesPerHour, int recipientsPerHour) throws IOException, InterruptedException {
        put("/msa/user-limits/" + user, "{\"messagesPerHour\":" + messagesPerHour + ",\"recipientsPerHour\":" + recipientsPerHour + "}");
    }

    private void put(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json"));
        if (response.statusCode() / 100 != 2) {
            throw new IOException("PUT " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
