package org.jamesmsa.smtp;

import java.util.Locale;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * Reads a handler's own child elements of its {@code <handler>} element and refuses bad values at startup,
 * naming the element, the value and what is allowed, so that a typo stops James instead of weakening policy.
 */
public final class HandlerSettings {

    private HandlerSettings() {
    }

    public static int positiveIntSetting(Configuration config, String element, int defaultValue) throws ConfigurationException {
        String raw = config.getString(element, null);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException("smtpserver.xml: <" + element + "> has value '" + raw
            + "'; allowed values: a whole number greater than 0");
    }

    /** One of a closed set of lower-case words, such as an action or a profile name. */
    public static <E extends Enum<E>> E enumSetting(Configuration config, String element, Class<E> type, E defaultValue)
            throws ConfigurationException {
        String raw = config.getString(element, null);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw.strip())) {
                return constant;
            }
        }
        throw new ConfigurationException("smtpserver.xml: <" + element + "> has value '" + raw + "'; allowed values: "
            + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.US))
                .collect(java.util.stream.Collectors.joining(", ")));
    }

    public static boolean booleanSetting(Configuration config, String element, boolean defaultValue) throws ConfigurationException {
        String raw = config.getString(element, null);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        return parseBoolean(raw).orElseThrow(() -> new ConfigurationException("smtpserver.xml: <" + element
            + "> has value '" + raw + "'; allowed values: true, false"));
    }

    /** true or false, in any case and with surrounding spaces; empty for anything else. Mailets use it too. */
    public static java.util.Optional<Boolean> parseBoolean(String raw) {
        switch (raw.strip().toLowerCase(Locale.US)) {
            case "true":
                return java.util.Optional.of(true);
            case "false":
                return java.util.Optional.of(false);
            default:
                return java.util.Optional.empty();
        }
    }
}
