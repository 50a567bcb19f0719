package org.jamesmsa.extension;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.webadmin.Routes;
import org.jamesmsa.contracts.Suspensions.Suspension;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Webadmin routes that stop an account at once and let it go again ({@link AccountSuspension}), in
 * webadmin.properties {@code extensions.routes}; on every listener, and with a shared database on every node:
 * <pre>
 * GET    /msa/suspensions                       every suspended account
 * GET    /msa/suspensions/{user}                one, with its held messages; 404 when it is not suspended
 * PUT    /msa/suspensions/{user}                {"reason": "stolen password", "by": "jdoe"} ("by" optional)
 * DELETE /msa/suspensions/{user}[?held=discard] resume; its held messages are sent on, or discarded
 * </pre>
 * The audit record says who: {@code by} as given, and the address the request came from.
 */
public class SuspensionRoutes implements Routes {
    public static final String BASE_PATH = "/msa/suspensions";
    private static final int MAX_TEXT = 200;

    private final AccountSuspension accounts;
    private final UsersRepository users;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public SuspensionRoutes(AccountSuspension accounts, UsersRepository users) {
        this.accounts = accounts;
        this.users = users;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> json.writeValueAsString(RouteHelpers.byLogin(accounts.all(), SuspensionRoutes::asJson)));
        service.get(BASE_PATH + "/:user", (request, response) -> {
            Username user = RouteHelpers.user(request);
            Suspension suspension = accounts.of(user).orElseThrow(() -> notSuspended(user));
            Map<String, Object> body = asJson(suspension);
            body.put("held", accounts.heldCount(user));
            return json.writeValueAsString(body);
        });
        service.put(BASE_PATH + "/:user", this::suspend);
        service.delete(BASE_PATH + "/:user", this::resume);
    }

    private Object suspend(Request request, Response response) throws Exception {
        Username user = RouteHelpers.existingUser(request, users);
        JsonNode body = body(request);
        String reason = text(body, "reason").orElseThrow(() -> RouteHelpers.badRequest("expected {\"reason\": \"why\"}, and \"by\" optionally"));
        int moved = accounts.suspend(user, by(request, body), reason);
        Map<String, Object> answer = asJson(accounts.of(user).orElseThrow());
        answer.put("heldFromQueue", moved);
        return json.writeValueAsString(answer);
    }

    private Object resume(Request request, Response response) throws Exception {
        Username user = RouteHelpers.user(request);
        String held = Optional.ofNullable(request.queryParams("held")).orElse("deliver").toUpperCase(Locale.ROOT);
        AccountSuspension.HeldMail heldMail;
        try {
            heldMail = AccountSuspension.HeldMail.valueOf(held);
        } catch (IllegalArgumentException e) {
            throw RouteHelpers.badRequest("held is deliver (the default) or discard, not '" + request.queryParams("held") + "'");
        }
        int released = accounts.resume(user, by(request, null), heldMail).orElseThrow(() -> notSuspended(user));
        return json.writeValueAsString(Map.of(heldMail == AccountSuspension.HeldMail.DELIVER ? "delivered" : "discarded", released));
    }

    private JsonNode body(Request request) {
        try {
            JsonNode node = json.readTree(request.body());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            throw RouteHelpers.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
        throw RouteHelpers.badRequest("expected {\"reason\": \"why\"}, and \"by\" optionally");
    }

    /** The operator as the tool names them, and where the request came from: what the audit record says. */
    private static String by(Request request, JsonNode body) {
        String given = Optional.ofNullable(body).flatMap(node -> text(node, "by"))
            .or(() -> Optional.ofNullable(request.queryParams("by"))).orElse("webadmin");
        if (given.length() > MAX_TEXT || given.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw RouteHelpers.badRequest("by is one line of at most " + MAX_TEXT + " characters");
        }
        return given + " (webadmin from " + request.ip() + ")";
    }

    private static Optional<String> text(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().length() > MAX_TEXT || value.asText().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw RouteHelpers.badRequest(name + " is one line of text of at most " + MAX_TEXT + " characters");
        }
        return Optional.of(value.asText());
    }

    private static Map<String, Object> asJson(Suspension suspension) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("since", suspension.since().toString());
        fields.put("by", suspension.by());
        fields.put("reason", suspension.reason());
        return fields;
    }

    private static RuntimeException notSuspended(Username user) {
        return RouteHelpers.notFound(user.asString() + " is not suspended");
    }
}
