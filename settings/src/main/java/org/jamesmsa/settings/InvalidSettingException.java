package org.jamesmsa.settings;

/**
 * A setting that cannot work: a bad value, a missing required value, or a name the component does not know. The
 * message is the one line an operator needs: the file, the setting, the value, what is allowed. Unchecked, so that
 * it travels unchanged through James's startup, which wraps it; {@link #in(Throwable)} finds it again.
 */
public class InvalidSettingException extends IllegalArgumentException {
    public InvalidSettingException(String message) {
        super(message);
    }

    public InvalidSettingException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The first InvalidSettingException in a chain of causes, if any. */
    public static java.util.Optional<InvalidSettingException> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidSettingException) {
                return java.util.Optional.of((InvalidSettingException) cause);
            }
        }
        return java.util.Optional.empty();
    }
}
