package org.jamesmsa.contracts;

import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/**
 * The author of a message as the From header names it (RFC 5322 3.6.2), when it names exactly one: the header the
 * From policy checks against the user's addresses and DKIM signs for (the domain DMARC aligns on). Several From
 * headers, several addresses or an unparsable one name no single author.
 */
public final class FromHeader {
    private FromHeader() {
    }

    /** The address of the one From header with one address, as written; empty otherwise. */
    public static Optional<String> singleAddress(MimeMessage message) throws MessagingException {
        String[] from = message.getHeader("From");
        return singleAddress(from == null ? java.util.List.of() : java.util.List.of(from));
    }

    /** The same, of the From fields' values as the header section had them (unfolded). */
    public static Optional<String> singleAddress(java.util.List<String> fromValues) {
        if (fromValues.size() != 1) {
            return Optional.empty();
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(fromValues.get(0), false);
            return addresses.length == 1 ? Optional.ofNullable(addresses[0].getAddress()) : Optional.empty();
        } catch (AddressException e) {
            return Optional.empty();
        }
    }
}
