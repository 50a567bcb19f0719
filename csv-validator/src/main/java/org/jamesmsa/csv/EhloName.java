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
abstract class EhloName {

    static final class Domain extends EhloName {
        private final String name;
        private final Name dnsName;

        Domain(String name, Name dnsName) {
            this.name = name;
            this.dnsName = dnsName;
        }

        String name() {
            return name;
        }

        Name dnsName() {
            return dnsName;
        }
    }

    /** An address literal ({@code [192.0.2.1]}) or a bare address. */
    static final class AddressName extends EhloName {
        private final InetAddress address;

        AddressName(InetAddress address) {
            this.address = address;
        }

        InetAddress address() {
            return address;
        }
    }

    static final class Invalid extends EhloName {
        private final String reason;

        Invalid(String reason) {
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private static final int MAX_NAME_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private EhloName() {
    }

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
            return bytes == null ? new Invalid("malformed IPv6 address literal") : address(bytes);
        }
        byte[] bytes = isIpv4(inner) ? Address.toByteArray(inner, Address.IPv4) : null;
        return bytes == null ? new Invalid("malformed address literal") : address(bytes);
    }

    private static EhloName bareAddress(String text) {
        byte[] bytes = Address.toByteArray(text, text.indexOf(':') >= 0 ? Address.IPv6 : Address.IPv4);
        return bytes == null ? new Invalid("'" + printable(text) + "' is neither a domain name nor an address") : address(bytes);
    }

    private static EhloName address(byte[] bytes) {
        try {
            return new AddressName(InetAddress.getByAddress(bytes));
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
