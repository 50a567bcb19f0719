package org.jamesmsa.launcher;

import org.jamesmsa.settings.InvalidSettingException;

/**
 * The one line an operator needs when James refuses to start: the bundle's configuration errors
 * ({@link InvalidSettingException}) name the file, the setting, the bad value and the allowed values; James wraps
 * them in several layers of its own. Anything else is named by its deepest cause.
 */
public final class StartupFailure {
    private StartupFailure() {
    }

    public static String describe(Throwable failure) {
        return InvalidSettingException.in(failure).map(Throwable::getMessage).orElseGet(() -> deepest(failure));
    }

    private static String deepest(Throwable failure) {
        String deepest = String.valueOf(failure);
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() != null) {
                deepest = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
        }
        return deepest;
    }
}
