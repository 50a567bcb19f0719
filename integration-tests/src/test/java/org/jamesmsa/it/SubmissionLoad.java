package org.jamesmsa.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;

/**
 * Authenticated submissions from several clients at once on the implicit-TLS listener, each message with its own
 * Message-ID, until stopped or until the server goes away. It keeps the Message-ID of every message the server
 * answered 250: the messages the MSA owes delivery of.
 */
final class SubmissionLoad {
    private final int port;
    private final SSLContext tls;
    private final String user;
    private final String password;
    private final String recipient;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final List<Thread> clients = new ArrayList<>();

    SubmissionLoad(int port, SSLContext tls, String user, String password, String recipient) {
        this.port = port;
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.recipient = recipient;
    }

    SubmissionLoad start(int clientCount, String runName) {
        for (int c = 0; c < clientCount; c++) {
            int client = c;
            Thread thread = new Thread(() -> submitUntilStopped(runName + "-" + client), "load-" + client);
            clients.add(thread);
            thread.start();
        }
        return this;
    }

    private void submitUntilStopped(String clientName) {
        for (int i = 0; !stopped.get(); i++) {
            String messageId = "<" + clientName + "." + i + "@load.test>";
            try (SmtpClient client = SmtpClient.connectImplicitTls(port, tls)) {
                client.ehlo("client.example");
                client.authPlain(user, password);
                SmtpClient.Reply reply = client.sendMail(user, recipient,
                    "Message-ID: " + messageId + "\r\nSubject: load " + messageId + "\r\n\r\nmessage " + i + "\r\n");
                if (reply.code() == 250) {
                    accepted.add(messageId);
                }
            } catch (Exception serverGone) {
                // a refused connection or a reset once the server is killed or stopping: not accepted, not owed
                if (stopped.get()) {
                    return;
                }
                sleepQuietly();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int acceptedCount() {
        return accepted.size();
    }

    /** Stops the clients and returns the Message-IDs the server answered 250. */
    Set<String> stop() throws InterruptedException {
        stopped.set(true);
        for (Thread thread : clients) {
            thread.join(60_000);
        }
        return Set.copyOf(accepted);
    }
}
