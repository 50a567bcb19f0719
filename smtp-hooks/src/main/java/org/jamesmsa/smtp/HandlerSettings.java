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

    public static boolean booleanSetting(Configuration config, String element, boolean defaultValue) throws ConfigurationException {
        String raw = config.getString(element, null);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        switch (raw.strip().toLowerCase(Locale.US)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new ConfigurationException("smtpserver.xml: <" + element + "> has value '" + raw
                    + "'; allowed values: true, false");
        }
    }
}
