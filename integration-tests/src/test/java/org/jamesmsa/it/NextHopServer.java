package org.jamesmsa.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The MSA's next hop on loopback, over real SMTP, behaving as a test needs a relay to: one that refuses every
 * recipient with {@code 550 5.1.1} (the submitter must get a bounce), one that accepts every message but answers
 * DATA only after a delay (messages pile up in the MSA's queue) and keeps the messages it answered 250 to, or one
 * that offers DSN (RFC 3461), keeps every MAIL and RCPT line it was sent, refuses {@code refused*@} recipients
 * ({@code 550 5.1.1}) and defers {@code later*@} ones ({@code 451 4.4.1}).
 *
 * <p>{@link #hold()} makes it stop answering: a message whose DATA arrives while held is never answered, and is
 * dropped with its connection at {@link #release()}, as a next hop that went silent. The MSA never got a 250 for it,
 * so it still owes its delivery.</p>
 */
final class NextHopServer extends LoopbackServer {
    private final boolean refuseRecipients;
    private final Duration dataDelay;
    private volatile boolean offersDsn;
    private volatile boolean offersMtPriority;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> envelopes = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch held = new CountDownLatch(0);

    private NextHopServer(boolean refuseRecipients, Duration dataDelay, boolean offersDsn) throws IOException {
        this.refuseRecipients = refuseRecipients;
        this.dataDelay = dataDelay;
        this.offersDsn = offersDsn;
    }

    static NextHopServer refusingEveryRecipient() throws IOException {
        return new NextHopServer(true, Duration.ZERO, false);
    }

    static NextHopServer acceptingSlowly(Duration dataDelay) throws IOException {
        return new NextHopServer(false, dataDelay, false);
    }

    static NextHopServer offeringDsn() throws IOException {
        return new NextHopServer(false, Duration.ZERO, true);
    }

    /** From now on, MT-PRIORITY (RFC 6710) is offered in EHLO, or not. */
    void offerMtPriority(boolean offered) {
        offersMtPriority = offered;
    }

    /** From now on, DSN is offered in EHLO, or not. */
    void offerDsn(boolean offered) {
        offersDsn = offered;
    }

    /** The MAIL and RCPT command lines received so far, as sent. */
    List<String> envelopes() {
        return envelopes;
    }

    /** The messages accepted so far, as received (headers and body). */
    List<String> received() {
        return received;
    }

    /** From now on, DATA is never answered. */
    void hold() {
        held = new CountDownLatch(1);
    }

    /** Drops the sessions held unanswered, and answers again. */
    void release() {
        held.countDown();
    }

    @Override
    void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            reply(out, "220 next-hop.test ESMTP");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (command) {
                    // 8BITMIME, as every MX offers it (RFC 6152): without it James converts and re-saves the message.
                    case "EHLO" -> reply(out, "250-next-hop.test\r\n" + (offersDsn ? "250-DSN\r\n" : "")
                        + (offersMtPriority ? "250-MT-PRIORITY MIXER\r\n" : "") + "250 8BITMIME");
                    case "HELO" -> reply(out, "250 next-hop.test");
                    case "MAIL" -> {
                        envelopes.add(line);
                        reply(out, "250 2.0.0 OK");
                    }
                    case "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
                    case "RCPT" -> {
                        envelopes.add(line);
                        String to = line.toLowerCase(Locale.ROOT);
                        reply(out, refuseRecipients || to.contains("<refused") ? "550 5.1.1 No such user here"
                            : to.contains("<later") ? "451 4.4.1 Try again later" : "250 2.1.5 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        String message = readData(in);
                        Thread.sleep(dataDelay.toMillis());
                        CountDownLatch gate = held;
                        if (gate.getCount() > 0) {
                            gate.await();
                            return;
                        }
                        received.add(message);
                        reply(out, "250 2.0.0 Queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 Not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readData(BufferedReader in) throws IOException {
        StringBuilder message = new StringBuilder();
        for (String line = in.readLine(); line != null && !line.equals("."); line = in.readLine()) {
            message.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
        }
        return message.toString();
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        release();
        super.close();
    }
}
