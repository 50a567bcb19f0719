package org.jamesmsa.extension;

import static spark.Spark.halt;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.servlet.http.HttpServletResponse;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.WebAdminConfiguration;
import org.jamesmsa.settings.InvalidSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Webadmin closed to browsers and strangers. Named in webadmin.properties:
 * {@code extensions.routes=org.jamesmsa.extension.WebAdminGuard}.
 * <ul>
 *   <li>No CORS header for a foreign origin. James 3.8.1 sends {@code Access-Control-Allow-Origin} on every answer,
 *   even with {@code cors.enable=false} (its CORS set-up tests whether webadmin is enabled, not CORS), so that any
 *   page open in a browser on the host could create a submission account. The headers are removed unless
 *   {@code cors.enable=true} and the request comes from {@code cors.origin}.</li>
 *   <li>A password, when {@code webadmin.password} is set in james-msa.properties (MSA_WEBADMIN_PASSWORD): every
 *   request but the health check must carry it with HTTP Basic, user {@code admin}; otherwise 401. With James's own
 *   JWT authentication ({@code jwt.enabled=true}) the password is refused: both would use the Authorization
 *   header.</li>
 * </ul>
 */
public class WebAdminGuard implements PublicRoutes {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebAdminGuard.class);
    private static final String USER = "admin";
    private static final String HEALTH_CHECK = "/healthcheck";
    private static final List<String> CORS_HEADERS = List.of("Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
        "Access-Control-Allow-Headers", "Access-Control-Request-Method", "Access-Control-Allow-Credentials",
        "Access-Control-Max-Age", "Access-Control-Expose-Headers");

    private final Optional<String> allowedOrigin;
    private final Optional<byte[]> passwordDigest;

    @Inject
    public WebAdminGuard(WebAdminConfiguration webadmin, ServiceSettings settings, PropertiesProvider properties)
            throws ConfigurationException {
        this(webadmin.isEnableCORS() ? Optional.ofNullable(webadmin.getUrlCORSOrigin()) : Optional.empty(),
            settings.webadminPassword());
        if (passwordDigest.isPresent() && jwtEnabled(properties)) {
            throw new InvalidSettingException("james-msa.properties: webadmin.password is set while webadmin.properties "
                + "enables JWT (jwt.enabled=true); choose one: both would use the Authorization header");
        }
    }

    WebAdminGuard(Optional<String> allowedOrigin, Optional<String> password) {
        this.allowedOrigin = allowedOrigin;
        this.passwordDigest = password.map(WebAdminGuard::digest);
    }

    private static boolean jwtEnabled(PropertiesProvider properties) throws ConfigurationException {
        try {
            return properties.getConfiguration("webadmin").getBoolean("jwt.enabled", false);
        } catch (FileNotFoundException absent) {
            return false;
        }
    }

    @Override
    public String getBasePath() {
        return "";
    }

    /**
     * Registered after James's own CORS filter, so that the headers it set are already there to remove; the
     * after-after filter removes those the preflight route adds, and runs even when a filter halted the request.
     */
    @Override
    public void define(Service service) {
        service.before(this::guard);
        service.afterAfter((request, response) -> removeForeignCors(request, response));
        LOGGER.info("Webadmin guard: CORS {}, password {}", allowedOrigin.map(origin -> "for " + origin).orElse("off"),
            passwordDigest.isPresent() ? "required" : "not set");
    }

    private void guard(Request request, Response response) {
        removeForeignCors(request, response);
        if (passwordDigest.isEmpty() || request.requestMethod().equals("OPTIONS")
                || (request.requestMethod().equals("GET") && request.pathInfo().equals(HEALTH_CHECK))) {
            return;
        }
        if (!givesThePassword(request.headers("Authorization"))) {
            LOGGER.warn("Webadmin: {} {} from {} refused without the right password", request.requestMethod(),
                request.pathInfo(), request.ip());
            response.header("WWW-Authenticate", "Basic realm=\"james-msa webadmin\", charset=\"UTF-8\"");
            halt(HttpServletResponse.SC_UNAUTHORIZED, "{\"statusCode\":401,\"type\":\"InvalidArgument\","
                + "\"message\":\"webadmin requires the password (HTTP Basic, user admin)\"}");
        }
    }

    boolean givesThePassword(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = credentials.indexOf(':');
        return colon >= 0 && credentials.substring(0, colon).equals(USER)
            && MessageDigest.isEqual(digest(credentials.substring(colon + 1)), passwordDigest.orElseThrow());
    }

    void removeForeignCors(Request request, Response response) {
        String origin = request.headers("Origin");
        if (allowedOrigin.isPresent() && (allowedOrigin.get().equals("*") || allowedOrigin.get().equals(origin))) {
            return;
        }
        HttpServletResponse raw = response.raw();
        CORS_HEADERS.forEach(header -> raw.setHeader(header, null));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
