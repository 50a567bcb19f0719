package org.jamesmsa.smtp.trace;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.nio.charset.StandardCharsets;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter.Header;
import org.jamesmsa.csv.CsvResult;
import org.jamesmsa.contracts.MessageDates;
import org.jamesmsa.contracts.SessionFact;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.HeaderSectionFilter;
import org.jamesmsa.smtp.csv.ClientValidationHook;
import org.jamesmsa.smtp.submission.HeaderFromPolicyHook;

/**
 * Every edit this MSA makes to a message, made once, at SMTP time, while the message streams in, so that the copy
 * the spool holds (and the audit record hashes) is the message as accepted, and the mailets only route, record, sign
 * and deliver. In the order they appear in the message:
 * <ol>
 *   <li>The one {@code Received} header of this MSA (RFC 5321 4.4), on top, and its trace token header
 *   {@value SessionFact#TRACE_HEADER}.
 *   <ul>
 *     <li>The {@code with} type follows RFC 3848: {@code ESMTP}, {@code ESMTPS} (TLS), {@code ESMTPA} (AUTH),
 *     {@code ESMTPSA} (both), {@code SMTP} after HELO; the TLS protocol and cipher follow in a comment.</li>
 *     <li>The client is named by its EHLO name only when Client SMTP Validation passed; otherwise by its address
 *     literal, as if no name had been asserted (draft-crocker-marid-smtp-validate-00 4.1). The verdict follows in
 *     a comment.</li>
 *     <li>The trace token ({@code id} of the Received header, and {@value SessionFact#TRACE_HEADER}) finds the message's audit
 *     record without telling recipients who sent it. The login appears only with {@code showLogin}, like Postfix's
 *     {@code smtpd_sasl_authenticated_header}.</li>
 *   </ul></li>
 *   <li>The client's header fields, in their order; a client's own {@value SessionFact#TRACE_HEADER} is renamed
 *   {@value #FORGED_TRACE_HEADER}, so that the only {@value SessionFact#TRACE_HEADER} is this MSA's.</li>
 *   <li>For an authenticated submission only, RFC 6409 section 8, at the end of the header section:
 *   {@code Sender:} with the user's address when the From policy asked for it ({@code HeaderFromPolicyHook}; the
 *   client's own {@code Sender:} is then dropped), {@code Message-ID:} when missing (8.3, on the right the host name
 *   the listener announces) and {@code Date:} when missing (8.2). MX mail keeps every header as it came.</li>
 * </ol>
 * Only a client's {@code Sender:} lines are held until the end of the header section; everything else passes at once.
 * It replaces James's {@code ReceivedDataLineFilter}: name {@code org.jamesmsa.smtp.MsaCmdHandlerLoader} as the
 * chain's {@code coreHandlersPackage}, or both Received headers are written.
 *
 * <pre>{@code
 * <handlerchain coreHandlersPackage="org.jamesmsa.smtp.MsaCmdHandlerLoader">
 *     <handler class="org.jamesmsa.smtp.trace.MessageStamping">
 *         <!-- Show the authenticated login in the Received header. Default: false. -->
 *         <showLogin>false</showLogin>
 *     </handler>
 * }</pre>
 */
public class MessageStamping extends HeaderSectionFilter {
    public static final String FORGED_TRACE_HEADER = SessionFact.TRACE_HEADER + "-Forged";
    /** The trace token of the message being received, for {@link SessionFactsHook}. */
    public static final AttachmentKey<String> TRACE_ID = AttachmentKey.of(SessionFact.TRACE_ID.attribute().asString(), String.class);
    private static final AttachmentKey<Stamp> STAMP = AttachmentKey.of("msa.stamp", Stamp.class);
    private static final String TRACE_FIELD = SessionFact.TRACE_HEADER.toLowerCase(java.util.Locale.ROOT);
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the header section of the message being received had, so far. */
    private static final class Stamp {
        boolean messageId;
        boolean date;
        boolean inSender;
        final List<byte[]> senderLines = new ArrayList<>();
    }

    private boolean showLogin;

    @Override
    public void init(Configuration config) throws ConfigurationException {
        showLogin = Settings.ofHandler(config, getClass(), List.of("showLogin")).get("showLogin", ValueType.BOOLEAN, false);
    }

    @Override
    protected Response onHeaderLine(SMTPSession session, byte[] line, boolean continuation, LineHandler<SMTPSession> next) {
        Response refused = startOnce(session, next);
        if (refused != null) {
            return refused;
        }
        Stamp stamp = session.getAttachment(STAMP, State.Transaction).orElseThrow();
        boolean submission = session.getUsername() != null;
        if (continuation) {
            if (stamp.inSender) {
                stamp.senderLines.add(line);
                return null;
            }
            return next.onLine(session, line);
        }
        String name = fieldName(line);
        stamp.inSender = submission && name.equals("sender");
        stamp.messageId |= name.equals("message-id");
        stamp.date |= name.equals("date");
        if (stamp.inSender) {
            stamp.senderLines.add(line);
            return null;
        }
        if (name.equals(TRACE_FIELD)) {
            String text = new String(line, StandardCharsets.ISO_8859_1);
            return next.onLine(session, (FORGED_TRACE_HEADER + text.substring(text.indexOf(':'))).getBytes(StandardCharsets.ISO_8859_1));
        }
        return next.onLine(session, line);
    }

    @Override
    protected Response onHeaderEnd(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        Response refused = startOnce(session, next);
        if (refused != null) {
            return refused;
        }
        Stamp stamp = session.getAttachment(STAMP, State.Transaction).orElseThrow();
        if (session.getUsername() != null) {
            List<byte[]> fixups = new ArrayList<>();
            Optional<String> sender = HeaderFromPolicyHook.senderToWrite(session);
            if (sender.isPresent()) {
                fixups.add(field("Sender", sender.get()));
            } else {
                fixups.addAll(stamp.senderLines);
            }
            if (!stamp.messageId) {
                fixups.add(field("Message-ID", "<" + UUID.randomUUID() + "@" + session.getConfiguration().getHelloName() + ">"));
            }
            if (!stamp.date) {
                fixups.add(field("Date", MessageDates.now()));
            }
            Response fixed = pass(session, fixups, next);
            if (fixed != null) {
                return fixed;
            }
        }
        return next.onLine(session, line);
    }

    /** The trace headers, before the first line of the message; nothing when they were written. */
    private Response startOnce(SMTPSession session, LineHandler<SMTPSession> next) {
        if (session.getAttachment(STAMP, State.Transaction).isPresent()) {
            return null;
        }
        session.setAttachment(STAMP, new Stamp(), State.Transaction);
        for (Header header : headers(session)) {
            Response response = header.transferTo(session, next);
            if (response != null) {
                return response;
            }
        }
        return null;
    }

    Collection<Header> headers(SMTPSession session) {
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
        return List.of(received, new Header(SessionFact.TRACE_HEADER, traceId));
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
