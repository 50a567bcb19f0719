package org.jamesmsa.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.Test;

class TransportErrorGuardTest {
    private final TransportErrorGuard guard = new TransportErrorGuard();
    private final FakeSmtpSession session = new FakeSmtpSession();

    @Test
    void anOverlongCommandIsASyntaxErrorWithItsEnhancedCode() {
        assertThat(TransportErrorGuard.overlongLine(session)).contains(TransportErrorGuard.COMMAND_TOO_LONG);
        assertThat(TransportErrorGuard.COMMAND_TOO_LONG.getLines()).extracting(CharSequence::toString)
            .containsExactly("500 5.5.2 Line too long (at most 8190 octets)");
    }

    @Test
    void anOverlongLineInsideAnAuthExchangeEndsTheExchange() {
        session.pushLineHandler((lineSession, line) -> null);
        TransportErrorGuard.exchangeStarted(session);

        assertThat(TransportErrorGuard.overlongLine(session)).contains(TransportErrorGuard.EXCHANGE_LINE_TOO_LONG);
        assertThat(session.waitsForAClientResponse()).as("the next line is a command again").isFalse();
        assertThat(TransportErrorGuard.overlongLine(session)).as("the exchange is over")
            .contains(TransportErrorGuard.COMMAND_TOO_LONG);
    }

    @Test
    void anOverlongLineInsideDataIsNotAnsweredMidMessageAndTheMessageIsRefusedAtItsEnd() throws Exception {
        guard.onResponse(session, new SMTPResponse("354", "Ok Send data ending with <CRLF>.<CRLF>"), 0, null);

        assertThat(TransportErrorGuard.overlongLine(session)).isEmpty();
        var refused = guard.onMessage(session, FakeMail.builder().name("m1").build());
        assertThat(refused.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(refused.getSmtpRetCode()).isEqualTo("554");
        assertThat(refused.getSmtpDescription()).startsWith("5.6.0 ");

        guard.onResponse(session, new SMTPResponse("354", "Ok Send data ending with <CRLF>.<CRLF>"), 0, null);
        assertThat(guard.onMessage(session, FakeMail.builder().name("m2").build()).getResult())
            .as("the next message, whole, is accepted").isEqualTo(HookReturnCode.declined());
    }

    @Test
    void afterTheDataAnOverlongLineIsACommandAgain() {
        guard.onResponse(session, new SMTPResponse("354", "go ahead"), 0, null);
        guard.onResponse(session, new SMTPResponse("250", "2.0.0 Message received"), 0, null);

        assertThat(TransportErrorGuard.overlongLine(session)).contains(TransportErrorGuard.COMMAND_TOO_LONG);
    }
}
