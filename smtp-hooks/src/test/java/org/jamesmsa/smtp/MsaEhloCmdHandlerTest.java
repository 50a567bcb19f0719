package org.jamesmsa.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.Test;

class MsaEhloCmdHandlerTest {

    @Test
    void theGreetingLineNamesHostClientAndAddressWithBalancedBrackets() {
        MsaEhloCmdHandler handler = new MsaEhloCmdHandler(new RecordingMetricFactory());
        EhloExtension pipelining = session -> List.of("PIPELINING");
        handler.wireExtensions(EhloExtension.class, List.of(pipelining));
        FakeSmtpSession session = new FakeSmtpSession().from("192.0.2.7", 40123);

        Response reply = handler.doCoreCmd(session, "EHLO", "client.example");

        assertThat(reply.getRetCode()).isEqualTo("250");
        assertThat(reply.getLines()).extracting(CharSequence::toString)
            .containsExactly("250-msa.example.org Hello client.example [192.0.2.7]", "250 PIPELINING");
        assertThat(session.getAttachment(SMTPSession.CURRENT_HELO_MODE, State.Connection)).contains("EHLO");
    }
}
