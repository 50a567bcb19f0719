package org.jamesmsa.launcher;

/** A launcher setting (environment variable) with a value that cannot work; the message names both. */
public class InvalidSettingException extends Exception {
    public InvalidSettingException(String message) {
        super(message);
    }

    public InvalidSettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
