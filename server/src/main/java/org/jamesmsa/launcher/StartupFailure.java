package org.jamesmsa.launcher;

/**
 * The one line an operator needs when James refuses to start: the bundle's configuration errors name the file, the
 * element, the bad value and the allowed values (they start with {@code smtpserver.xml:} or
 * {@code mailetcontainer.xml:}); James wraps them in several layers of its own.
 */
public final class StartupFailure {
    private StartupFailure() {
    }

    public static String describe(Throwable failure) {
        String deepest = String.valueOf(failure);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && (message.startsWith("smtpserver.xml:") || message.startsWith("mailetcontainer.xml:"))) {
                return message;
            }
            if (message != null) {
                deepest = cause.getClass().getSimpleName() + ": " + message;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return deepest;
    }
}
