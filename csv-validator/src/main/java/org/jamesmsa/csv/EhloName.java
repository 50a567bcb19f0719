package org.jamesmsa.csv;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * What a client put after HELO/EHLO, classified without any DNS query: a domain name (lower-cased), an address
 * (literal such as {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}, or a bare address), or something that is
 * not a name at all.
 */
public sealed interface EhloName {

    record Domain(String name, Name dnsName) implements EhloName {
    }

    /** @param literal true for the bracketed RFC 5321 form, false for a bare address */
    record AddressName(InetAddress address, boolean literal) implements EhloName {
    }

    record Invalid(String reason) implements EhloName {
    }

    int MAX_NAME_LENGTH = 253;
    Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    static EhloName parse(String asserted) {
        if (asserted == null || asserted.isBlank()) {
            return new Invalid("no name given");
        }
        String text = asserted.strip();
        if (text.length() > MAX_NAME_LENGTH + 2) {
            return new Invalid("longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (text.startsWith("[")) {
            return addressLiteral(text);
        }
        if (isIpv4(text) || text.indexOf(':') >= 0) {
            return bareAddress(text);
        }
        if (text.endsWith(".")) {
            return new Invalid("trailing dot: EHLO takes a domain without the root label");
        }
        String name = text.toLowerCase(Locale.ROOT);
        if (name.length() > MAX_NAME_LENGTH) {
            return new Invalid("longer than " + MAX_NAME_LENGTH + " characters");
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return new Invalid("'" + printable(text) + "' is not a fully qualified domain name");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return new Invalid("label '" + printable(label) + "' is not a valid host name label");
            }
        }
        try {
            return new Domain(name, Name.fromString(name + "."));
        } catch (TextParseException e) {
            return new Invalid("not a domain name: " + e.getMessage());
        }
    }

    private static EhloName addressLiteral(String text) {
        if (!text.endsWith("]")) {
            return new Invalid("unterminated address literal");
        }
        String inner = text.substring(1, text.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            byte[] bytes = Address.toByteArray(inner.substring(5), Address.IPv6);
            return bytes == null ? new Invalid("malformed IPv6 address literal") : address(bytes, true);
        }
        byte[] bytes = isIpv4(inner) ? Address.toByteArray(inner, Address.IPv4) : null;
        return bytes == null ? new Invalid("malformed address literal") : address(bytes, true);
    }

    private static EhloName bareAddress(String text) {
        byte[] bytes = Address.toByteArray(text, text.indexOf(':') >= 0 ? Address.IPv6 : Address.IPv4);
        return bytes == null ? new Invalid("'" + printable(text) + "' is neither a domain name nor an address") : address(bytes, false);
    }

    private static EhloName address(byte[] bytes, boolean literal) {
        try {
            return new AddressName(InetAddress.getByAddress(bytes), literal);
        } catch (UnknownHostException e) {
            return new Invalid("malformed address");
        }
    }

    private static boolean isIpv4(String text) {
        return IPV4.matcher(text).matches();
    }

    /** Keeps hostile input from forging log lines. */
    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
