package org.jamesmsa.extension;

import java.util.Map;

import javax.inject.Inject;
import javax.servlet.http.HttpServletResponse;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.webadmin.Routes;
import org.jamesmsa.smtp.limits.EditableUserQuotas;
import org.jamesmsa.smtp.limits.UserQuotas.Quota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Webadmin routes of the per-user sending limits ({@link EditableUserQuotas}: a file, or the shared database), in webadmin.properties
 * {@code extensions.routes}; they apply at once, on every listener, and survive restarts:
 * <pre>
 * GET    /msa/user-limits                  every user with limits of their own
 * GET    /msa/user-limits/{user}           one user's, 404 when the listener's numbers apply
 * PUT    /msa/user-limits/{user}           {"messagesPerHour": 2000, "recipientsPerHour": 20000}; 0 lifts a limit
 * DELETE /msa/user-limits/{user}           back to the listener's numbers
 * </pre>
 */
public class UserLimitsRoutes implements Routes {
    public static final String BASE_PATH = "/msa/user-limits";
    private static final String MESSAGES = "messagesPerHour";
    private static final String RECIPIENTS = "recipientsPerHour";

    private final EditableUserQuotas limits;
    private final UsersRepository users;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public UserLimitsRoutes(EditableUserQuotas limits, UsersRepository users) {
        this.limits = limits;
        this.users = users;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> json.writeValueAsString(RouteHelpers.byLogin(limits.all(), UserLimitsRoutes::asJson)));
        service.get(BASE_PATH + "/:user", (request, response) -> limits.of(RouteHelpers.user(request))
            .map(quota -> write(asJson(quota)))
            .orElseThrow(() -> RouteHelpers.notFound(request.params("user") + " has no limits of their own")));
        service.put(BASE_PATH + "/:user", this::put);
        service.delete(BASE_PATH + "/:user", (request, response) -> {
            limits.remove(RouteHelpers.user(request));
            response.status(HttpServletResponse.SC_NO_CONTENT);
            return "";
        });
    }

    private Object put(Request request, Response response) throws UsersRepositoryException {
        Username user = RouteHelpers.existingUser(request, users);
        limits.set(user, quota(request.body()));
        response.status(HttpServletResponse.SC_NO_CONTENT);
        return "";
    }

    private Quota quota(String body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw RouteHelpers.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || node.size() != 2 || !count(node.get(MESSAGES)) || !count(node.get(RECIPIENTS))) {
            throw RouteHelpers.badRequest("expected {\"" + MESSAGES + "\": n, \"" + RECIPIENTS + "\": n} with whole numbers, 0 for no limit");
        }
        return new Quota(node.get(MESSAGES).intValue(), node.get(RECIPIENTS).intValue());
    }

    private static boolean count(JsonNode value) {
        return value != null && value.canConvertToInt() && value.isIntegralNumber() && value.intValue() >= 0;
    }

    private static Map<String, Integer> asJson(Quota quota) {
        return Map.of(MESSAGES, quota.messages(), RECIPIENTS, quota.recipients());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
