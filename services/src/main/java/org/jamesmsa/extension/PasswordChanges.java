package org.jamesmsa.extension;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.jamesmsa.smtp.submission.VerifiedCredentials;

import spark.Request;
import spark.Service;

/**
 * Makes a password changed through webadmin ({@code PUT /users/{user}}, a rename, a deletion) take effect at once on
 * every submission listener, also when the AUTH cache ({@link VerifiedCredentials}, MSA_AUTH_CACHE_SECONDS) is on:
 * the user's cached login is forgotten after any webadmin request that may change it. Named in webadmin.properties
 * {@code extensions.routes}; it defines no route of its own.
 */
public class PasswordChanges implements PublicRoutes {
    private static final String USERS = "/users/";

    private final VerifiedCredentials credentials;

    @Inject
    public PasswordChanges(VerifiedCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public String getBasePath() {
        return "/users";
    }

    @Override
    public void define(Service service) {
        // After-after: James's user routes answer by halting, which skips plain after-filters. Whatever the answer,
        // forgetting a login that did not change costs only one hash at its next AUTH.
        service.afterAfter(USERS + "*", (request, response) -> {
            if (!request.requestMethod().equals("GET") && !request.requestMethod().equals("HEAD")) {
                credentials.forget(user(request));
            }
        });
    }

    private static String user(Request request) {
        String rest = request.pathInfo().substring(USERS.length());
        int slash = rest.indexOf('/');
        return URLDecoder.decode(slash < 0 ? rest : rest.substring(0, slash), StandardCharsets.UTF_8);
    }
}
