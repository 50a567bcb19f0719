package org.jamesmsa.extension;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import javax.servlet.http.HttpServletResponse;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;

import spark.Request;

/**
 * What the bundle's webadmin routes share: errors answered as James's own (JSON from {@link ErrorResponder}, the
 * cause named), the {@code :user} of a path, and a per-user store listed as one JSON object by login.
 */
final class RouteHelpers {
    private RouteHelpers() {
    }

    /** 400, to throw. */
    static RuntimeException badRequest(String message) {
        return ErrorResponder.builder().statusCode(HttpServletResponse.SC_BAD_REQUEST).type(ErrorType.INVALID_ARGUMENT)
            .message(message).haltError();
    }

    /** 404, to throw. */
    static RuntimeException notFound(String message) {
        return ErrorResponder.builder().statusCode(HttpServletResponse.SC_NOT_FOUND).type(ErrorType.NOT_FOUND)
            .message(message).haltError();
    }

    /** The {@code :user} of the path; 400 when it is not a user name. */
    static Username user(Request request) {
        try {
            return Username.of(request.params("user"));
        } catch (IllegalArgumentException e) {
            throw badRequest("'" + request.params("user") + "' is not a user name");
        }
    }

    /** Every user's value, as {@code {"login": value, ...}} in the store's order. */
    static <V> Map<String, Object> byLogin(Map<Username, V> values, Function<V, Object> asJson) {
        Map<String, Object> all = new LinkedHashMap<>();
        values.forEach((user, value) -> all.put(user.asString(), asJson.apply(value)));
        return all;
    }

    /** The {@code :user} of the path; 404 when there is no such account. */
    static Username existingUser(Request request, UsersRepository users) throws UsersRepositoryException {
        Username user = user(request);
        if (!users.contains(user)) {
            throw notFound(user.asString() + " is not a user");
        }
        return user;
    }
}
