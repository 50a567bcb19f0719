package org.jamesmsa.smtp.testing;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLSession;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.utils.BaseFakeSMTPSession;
import org.jamesmsa.smtp.ReplyChannel;

/**
 * An SMTP session for hook tests, on James's own {@link BaseFakeSMTPSession}: a client address, attachments per
 * state, the username and relaying flag the hooks set, TLS when a test starts it, the listener's AUTH settings, and
 * the line handlers AUTH pushes, so that a test can send the client's next line with {@link #clientSends}. As its own
 * {@link ReplyChannel} it records the replies written outside a command (delayed, or on a deadline) and whether it
 * reads from the client.
 */
public class FakeSmtpSession extends BaseFakeSMTPSession implements ReplyChannel {
    private final List<Response> laterReplies = new CopyOnWriteArrayList<>();
    private volatile boolean reading = true;
    private volatile boolean closed;
    private String id = "session-1";
    private final Map<AttachmentKey<?>, Object> connection = new HashMap<>();
    private final Map<AttachmentKey<?>, Object> transaction = new HashMap<>();
    private final Deque<LineHandler<?>> lineHandlers = new ArrayDeque<>();
    private InetSocketAddress remote = new InetSocketAddress("192.0.2.7", 40123);
    private InetSocketAddress local = new InetSocketAddress("192.0.2.1", 587);
    private Username username;
    private boolean relayingAllowed;
    private SSLSession tls;
    private boolean authAnnounced = true;
    private boolean plainAuthEnabled = true;
    private OidcSASLConfiguration oidc;

    public FakeSmtpSession from(String ip, int port) {
        remote = new InetSocketAddress(ip, port);
        return this;
    }

    public FakeSmtpSession withId(String sessionId) {
        id = sessionId;
        return this;
    }

    public FakeSmtpSession on(int port) {
        local = new InetSocketAddress("192.0.2.1", port);
        return this;
    }

    public FakeSmtpSession withTls(SSLSession session) {
        tls = session;
        return this;
    }

    public FakeSmtpSession authenticatedAs(Username user) {
        username = user;
        return this;
    }

    public FakeSmtpSession withoutPlainAuth() {
        plainAuthEnabled = false;
        return this;
    }

    public FakeSmtpSession withoutAuthAnnounced() {
        authAnnounced = false;
        return this;
    }

    public FakeSmtpSession withOidc(OidcSASLConfiguration configuration) {
        oidc = configuration;
        return this;
    }

    @Override
    public void pauseReading() {
        reading = false;
    }

    @Override
    public void reply(Response response) {
        laterReplies.add(response);
        closed = response.isEndSession();
        reading = !closed;
    }

    /** The replies written outside a command, in order. */
    public List<Response> laterReplies() {
        return laterReplies;
    }

    public boolean reading() {
        return reading;
    }

    public boolean closed() {
        return closed;
    }

    /** The client's next line, given to the line handler AUTH pushed (a SASL response). */
    @SuppressWarnings("unchecked")
    public Response clientSends(String line) {
        LineHandler<ProtocolSession> handler = (LineHandler<ProtocolSession>) lineHandlers.peek();
        if (handler == null) {
            throw new IllegalStateException("no line handler waits for a line: the server did not send a challenge");
        }
        return handler.onLine(this, (line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    public boolean waitsForAClientResponse() {
        return !lineHandlers.isEmpty();
    }

    @Override
    public <T extends ProtocolSession> void pushLineHandler(LineHandler<T> handler) {
        lineHandlers.push(handler);
    }

    @Override
    public void popLineHandler() {
        lineHandlers.pop();
    }

    @Override
    public SMTPConfiguration getConfiguration() {
        return new SMTPConfigurationImpl() {
            @Override
            public boolean isPlainAuthEnabled() {
                return plainAuthEnabled;
            }

            @Override
            public Optional<OidcSASLConfiguration> saslConfiguration() {
                return Optional.ofNullable(oidc);
            }

            @Override
            public String getHelloName() {
                return "msa.example.org";
            }
        };
    }

    @Override
    public boolean supportsOAuth() {
        return oidc != null;
    }

    @Override
    public boolean isAuthAnnounced() {
        return authAnnounced;
    }

    @Override
    public boolean isTLSStarted() {
        return tls != null;
    }

    @Override
    public Optional<SSLSession> getSSLSession() {
        return Optional.ofNullable(tls);
    }

    @Override
    public java.nio.charset.Charset getCharset() {
        return StandardCharsets.US_ASCII;
    }

    @Override
    public String getLineDelimiter() {
        return "\r\n";
    }

    @Override
    public String getSessionID() {
        return id;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public Username getUsername() {
        return username;
    }

    @Override
    public void setUsername(Username user) {
        username = user;
    }

    @Override
    public boolean isRelayingAllowed() {
        return relayingAllowed;
    }

    @Override
    public void setRelayingAllowed(boolean allowed) {
        relayingAllowed = allowed;
    }

    @Override
    public Map<AttachmentKey<?>, Object> getConnectionState() {
        return connection;
    }

    @Override
    public Map<AttachmentKey<?>, Object> getState() {
        return transaction;
    }

    @Override
    public <T> Optional<T> setAttachment(AttachmentKey<T> key, T value, State state) {
        return key.convert(mapOf(state).put(key, value));
    }

    @Override
    public <T> Optional<T> removeAttachment(AttachmentKey<T> key, State state) {
        return key.convert(mapOf(state).remove(key));
    }

    @Override
    public <T> Optional<T> getAttachment(AttachmentKey<T> key, State state) {
        return key.convert(mapOf(state).get(key));
    }

    private Map<AttachmentKey<?>, Object> mapOf(State state) {
        return state == State.Connection ? connection : transaction;
    }
}
