package org.jamesmsa.smtp;

import java.util.List;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * Replies written outside the command that caused them: a refusal sent after a delay, or a closing reply on a
 * deadline. While a reply is pending, the session reads nothing more from the client, so that replies keep their
 * order. A reply marked end-of-session closes the connection once written.
 */
public interface ReplyChannel {

    void pauseReading();

    /** Writes the reply, then reads from the client again (unless the reply ends the session). */
    void reply(Response response);

    /**
     * What a command answers when its reply is sent later: nothing is written, but James 3.8.1 needs a response
     * (its JMX statistics fail on none, and answer the client 451). It carries the coming reply's code, so that
     * the statistics count the reply the client will get.
     */
    static Response placeholderFor(Response coming) {
        return new Response() {
            @Override
            public String getRetCode() {
                return coming.getRetCode();
            }

            @Override
            public List<CharSequence> getLines() {
                return List.of();
            }

            @Override
            public boolean isEndSession() {
                return false;
            }
        };
    }

    /** The channel of a live James session; a test session may be its own. Empty when neither. */
    static Optional<ReplyChannel> of(SMTPSession session) {
        if (session instanceof ReplyChannel) {
            return Optional.of((ReplyChannel) session);
        }
        if (session instanceof ProtocolSessionImpl) {
            ProtocolTransport transport = ((ProtocolSessionImpl) session).getProtocolTransport();
            return Optional.of(new ReplyChannel() {
                @Override
                public void pauseReading() {
                    transport.setReadable(false);
                }

                @Override
                public void reply(Response response) {
                    transport.writeResponse(response, session);
                    if (!response.isEndSession()) {
                        transport.setReadable(true);
                    }
                }
            });
        }
        return Optional.empty();
    }
}
