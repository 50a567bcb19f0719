package org.jamesmsa.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.util.SharedFileInputStream;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.jamesmsa.contracts.SessionFact;
import org.apache.mailet.base.GenericMailet;
import org.jamesmsa.settings.Settings;

/**
 * Puts this MSA's trace headers on top of the message, where RFC 5321 4.4 wants the newest trace: its
 * {@code Received}, its {@code X-MSA-Trace}, then any {@code DKIM-Signature}, before every other header. JavaMail
 * keeps, in a message it has changed, a slot at the top for each well-known header ({@code MIME-Version},
 * {@code Date}, {@code Message-ID}...), and fills the slot, not the header below the trace, when it sets one. The
 * message is therefore rebuilt from its header lines in order and its raw body, a message JavaMail parsed and has no
 * reason to change. List it after the last mailet that edits the message, just before delivery, local or remote.
 *
 * <pre>{@code
 * <mailet match="All" class="org.jamesmsa.mailets.TraceHeadersFirst"/>
 * }</pre>
 */
public class TraceHeadersFirst extends GenericMailet {
    static final String MSA_RECEIVED_MARK = "(james-msa)";
    /** Bodies up to this size are rebuilt in memory. */
    static final int IN_MEMORY_BODY = 100 * 1024;
    /**
     * One JavaMail session for every message: making one reads the class path for provider and address-map
     * resources, which took 7 % of the server's CPU when it was made per message.
     */
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final int NOT_TRACE = Integer.MAX_VALUE;
    private static final String TRACE_FIELD = SessionFact.TRACE_HEADER.toLowerCase(Locale.ROOT);

    @Override
    public void init() throws MessagingException {
        Settings.ofMailet(getMailetConfig(), List.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        List<String> lines = Collections.list(message.getAllHeaderLines());
        int previous = Integer.MIN_VALUE;
        for (String line : lines) {
            int rank = rank(line);
            if (rank < previous) {
                mail.setMessage(ordered(mail.getName(), message, lines, List.of()));
                return;
            }
            previous = rank;
        }
    }

    /**
     * The message with {@code added} header fields, rebuilt from its header lines and its raw body: this MSA's trace
     * first, then the DKIM signatures (those there, then {@code added}), then every other field in its own order.
     * A body over {@value #IN_MEMORY_BODY} bytes is read from a temporary file, unlinked once open (the open file
     * keeps its data until the message is collected): JavaMail holds a body read from any other stream in the heap,
     * and sixteen 10 MB messages at once exhausted it. The result is a plain JavaMail message, whose header fields
     * set later go below the trace, not into the slots on top that James's own message class keeps.
     */
    static MimeMessage ordered(String name, MimeMessage message, List<String> lines, List<String> added) throws MessagingException {
        List<String> ordered = new ArrayList<>(lines);
        ordered.addAll(added);
        ordered.sort(Comparator.comparingInt(TraceHeadersFirst::rank));
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        for (String line : ordered) {
            headers.writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        headers.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        try (InputStream body = message.getRawInputStream();
             InputStream whole = new SequenceInputStream(new java.io.ByteArrayInputStream(headers.toByteArray()), body)) {
            if (message.getSize() >= 0 && message.getSize() <= IN_MEMORY_BODY) {
                return new MimeMessage(SESSION, whole);
            }
            Path file = Files.createTempFile("james-msa-" + name.replaceAll("[^A-Za-z0-9-]", "_"), ".eml");
            try {
                Files.copy(whole, file, StandardCopyOption.REPLACE_EXISTING);
                return new MimeMessage(SESSION, new SharedFileInputStream(file.toFile()));
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new MessagingException("cannot rebuild the headers of the message", e);
        }
    }

    /** Where a header line goes: the trace first, in this order; everything else after, in its own order. */
    private static int rank(String line) {
        String name = line.substring(0, Math.max(line.indexOf(':'), 0)).strip().toLowerCase(Locale.ROOT);
        if (name.equals("received") && line.contains(MSA_RECEIVED_MARK)) {
            return 0;
        }
        if (name.equals(TRACE_FIELD)) {
            return 1;
        }
        return name.equals("dkim-signature") ? 2 : NOT_TRACE;
    }

    @Override
    public String getMailetInfo() {
        return "This MSA's trace headers on top of the message";
    }
}
