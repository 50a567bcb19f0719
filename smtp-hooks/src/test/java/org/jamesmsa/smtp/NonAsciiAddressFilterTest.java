package org.jamesmsa.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.Response;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.Test;

class NonAsciiAddressFilterTest {
    private final NonAsciiAddressFilter filter = new NonAsciiAddressFilter();
    private final FakeSmtpSession session = new FakeSmtpSession().from("192.0.2.7", 40001).withId("s1");

    /** What James 3.8.1 makes of the bytes of a UTF-8 line: it decodes command lines as US-ASCII. */
    private static String asJamesReadsIt(String line) {
        return new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.US_ASCII);
    }

    @Test
    void aQuotedUtf8LocalPartIsRefusedWith553Not_storedAltered() {
        Response reply = filter.onCommand(session, new BaseRequest("RCPT", asJamesReadsIt("TO:<\"用户\"@example.org>")));

        assertThat(reply.getRetCode()).isEqualTo("553");
        assertThat(reply.getLines().get(0).toString())
            .endsWith("5.6.7 Non-ASCII address: this server does not offer SMTPUTF8; use an ASCII address");
    }

    @Test
    void everyNonAsciiSenderRecipientOrDomainIsRefusedAndAsciiPasses() {
        assertThat(filter.onCommand(session, new BaseRequest("MAIL", asJamesReadsIt("FROM:<josé@example.org>")))).isNotNull();
        assertThat(filter.onCommand(session, new BaseRequest("RCPT", asJamesReadsIt("TO:<user@bücher.example>")))).isNotNull();
        assertThat(filter.onCommand(session, new BaseRequest("MAIL", "FROM:<alice@example.org> SIZE=1000"))).isNull();
        assertThat(filter.onCommand(session, new BaseRequest("RCPT", "TO:<\"odd name\"@example.org>"))).isNull();
        assertThat(filter.onCommand(session, new BaseRequest("MAIL", null))).isNull();
    }
}
