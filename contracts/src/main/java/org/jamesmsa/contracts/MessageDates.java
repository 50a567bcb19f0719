package org.jamesmsa.contracts;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates as RFC 5322 3.3 writes them in Date and Received headers: {@code Tue, 24 Nov 2026 09:40:26 +0000}. */
public final class MessageDates {
    private static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private MessageDates() {
    }

    public static String rfc5322(ZonedDateTime time) {
        return RFC5322.format(time);
    }

    public static String now() {
        return rfc5322(ZonedDateTime.now());
    }
}
