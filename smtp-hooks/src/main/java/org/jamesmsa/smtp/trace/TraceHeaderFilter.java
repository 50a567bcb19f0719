package org.jamesmsa.smtp.trace;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter;
import org.jamesmsa.csv.CsvResult;
import org.jamesmsa.model.MessageDates;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.csv.ClientValidationHook;

/**
 * The one Received header of this MSA (RFC 5321 4.4) and its trace token header, written into the message while
 * its header lines stream in, as James writes its own: a mailet editing headers would make JavaMail add Date and
 * Message-ID to MX mail, which this MSA must leave as it came.
 * <ul>
 *   <li>The {@code with} type follows RFC 3848: {@code ESMTP}, {@code ESMTPS} (TLS), {@code ESMTPA} (AUTH),
 *   {@code ESMTPSA} (both), {@code SMTP} after HELO; the TLS protocol and cipher follow in a comment.</li>
 *   <li>The client is named by its EHLO name only when Client SMTP Validation passed; otherwise by its address
 *   literal, as if no name had been asserted (draft-crocker-marid-smtp-validate-00 4.1). The verdict follows in
 *   a comment.</li>
 *   <li>The trace token ({@code id} of the Received header, and {@value #TRACE_HEADER}) finds the message's audit
 *   record without telling recipients who sent it. The login appears only with {@code showLogin}, like Postfix's
 *   {@code smtpd_sasl_authenticated_header}.</li>
 * </ul>
 * A client's own {@value #TRACE_HEADER} lines are renamed {@value #FORGED_TRACE_HEADER}, so that the only
 * {@value #TRACE_HEADER} is this MSA's.
 * It replaces James's {@code ReceivedDataLineFilter}: name {@code org.jamesmsa.smtp.MsaCmdHandlerLoader} as the
 * chain's {@code coreHandlersPackage}, or both headers are written.
 *
 * <pre>{@code
 * <handlerchain coreHandlersPackage="org.jamesmsa.smtp.MsaCmdHandlerLoader">
 *     <handler class="org.jamesmsa.smtp.trace.TraceHeaderFilter">
 *         <!-- Show the authenticated login in the Received header. Default: false. -->
 *         <showLogin>false</showLogin>
 *     </handler>
 * }</pre>
 */
public class TraceHeaderFilter extends ReceivedDataLineFilter {
    public static final String TRACE_HEADER = org.jamesmsa.model.MsaAttributes.TRACE_HEADER;
    public static final String FORGED_TRACE_HEADER = "X-MSA-Trace-Forged";
    private static final java.util.regex.Pattern CLIENT_TRACE_HEADER = java.util.regex.Pattern.compile("(?i)^X-MSA-Trace[ \t]*:");
    /** The trace token of the message being received, for {@link SessionFactsHook}. */
    public static final AttachmentKey<String> TRACE_ID = AttachmentKey.of("org.jamesmsa.trace.id", String.class);
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private boolean showLogin;

    @Override
    public void init(Configuration config) throws ConfigurationException {
        showLogin = Settings.ofHandler(config, getClass(), List.of("showLogin")).get("showLogin", ValueType.BOOLEAN, false);
    }

    @Override
    protected Collection<Header> headers(SMTPSession session) {
        String traceId = newTraceId();
        session.setAttachment(TRACE_ID, traceId, State.Transaction);

        List<String> lines = new ArrayList<>();
        lines.add("from " + client(session));
        Optional<String> tls = session.getSSLSession()
            .map(ssl -> " (using " + ssl.getProtocol() + " with cipher " + ssl.getCipherSuite() + ")");
        lines.add("by " + session.getConfiguration().getHelloName() + " (james-msa) with " + withType(session) + tls.orElse(""));
        if (showLogin && session.getUsername() != null) {
            lines.add("(Authenticated sender: " + session.getUsername().asString() + ")");
        }
        lines.add("id " + traceId);
        List<MailAddress> recipients = session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction).orElse(List.of());
        if (recipients.size() == 1) {
            lines.add("for <" + recipients.get(0).asString() + ">");
        }
        int last = lines.size() - 1;
        lines.set(last, lines.get(last) + ";");
        lines.add(MessageDates.now());

        Header received = new Header("Received", lines.get(0));
        lines.subList(1, lines.size()).forEach(received::add);
        return List.of(received, new Header(TRACE_HEADER, traceId));
    }

    @Override
    protected Response onHeadersLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        // Most header lines cannot be the client's trace header: skip the decoding for them.
        if (line.length == 0 || (line[0] != 'X' && line[0] != 'x')) {
            return super.onHeadersLine(session, line, next);
        }
        String text = new String(line, java.nio.charset.StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher forged = CLIENT_TRACE_HEADER.matcher(text);
        if (forged.find()) {
            String renamed = FORGED_TRACE_HEADER + ":" + text.substring(forged.end());
            return super.onHeadersLine(session, renamed.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), next);
        }
        return super.onHeadersLine(session, line, next);
    }

    /** The validated EHLO name, else the address literal (RFC 5321 Extended-Domain), then the CSV verdict. */
    private static String client(SMTPSession session) {
        String literal = addressLiteral(session.getRemoteAddress().getAddress());
        Optional<CsvResult> csv = ClientValidationHook.resultOf(session);
        String name = csv.flatMap(CsvResult::validatedName).orElse(literal);
        return name + " (" + literal + ")" + csv.map(result -> " (csv=" + result.verdict().label() + ")").orElse("");
    }

    /** RFC 3848. HELO has no extension keywords: plain SMTP. */
    private static String withType(SMTPSession session) {
        boolean ehlo = session.getAttachment(SMTPSession.CURRENT_HELO_MODE, State.Connection).map("EHLO"::equals).orElse(false);
        if (!ehlo) {
            return "SMTP";
        }
        return "ESMTP" + (session.getSSLSession().isPresent() ? "S" : "") + (session.getUsername() != null ? "A" : "");
    }

    private static String addressLiteral(InetAddress address) {
        return address instanceof Inet6Address ? "[IPv6:" + address.getHostAddress() + "]" : "[" + address.getHostAddress() + "]";
    }

    /** 80 random bits in base32: unguessable, and short enough to read out on the phone. */
    static String newTraceId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        StringBuilder id = new StringBuilder(16);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                id.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return id.toString();
    }
}
