package org.jamesmsa.extension;

import javax.servlet.http.HttpServletResponse;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;

import spark.Request;

/** The bundle's webadmin routes answer errors as James's own do: JSON from {@link ErrorResponder}, the cause named. */
final class RouteErrors {
    private RouteErrors() {
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

    /** The {@code :user} of the path; 404 when there is no such account. */
    static Username existingUser(Request request, UsersRepository users) throws UsersRepositoryException {
        Username user = user(request);
        if (!users.contains(user)) {
            throw notFound(user.asString() + " is not a user");
        }
        return user;
    }
}
