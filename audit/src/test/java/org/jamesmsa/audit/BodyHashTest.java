package org.jamesmsa.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BodyHashTest {
    private static String ofMessage(String message) throws Exception {
        return BodyHash.ofMessage(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String ofBody(String body) throws Exception {
        return BodyHash.ofBody(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void theHeadersOfACopyDoNotMatterItsBodyDoes() throws Exception {
        String accepted = ofBody("Hello Bob,\r\n\r\nthe plan is on.\r\n");

        assertThat(ofMessage("Received: by mx.elsewhere.example\r\nDKIM-Signature: v=1\r\nSubject: the plan\r\n\r\n"
            + "Hello Bob,\r\n\r\nthe plan is on.\r\n")).isEqualTo(accepted);
        assertThat(ofMessage("Subject: the plan\r\n\r\nHello Bob,\r\n\r\nthe plan is off.\r\n")).isNotEqualTo(accepted);
    }

    @Test
    void aCopySavedWithLfLineEndsTrailingBlanksOrEmptyLinesAtTheEndStillMatches() throws Exception {
        String accepted = ofBody("Hello Bob,\r\n\r\nthe plan is on.\r\n");

        assertThat(ofMessage("Subject: the plan\n\nHello Bob,\n\nthe plan is on.\n")).as("mbox, LF").isEqualTo(accepted);
        assertThat(ofBody("Hello  Bob, \r\n\r\nthe plan is on.\t\r\n\r\n\r\n")).as("blanks, empty lines at the end").isEqualTo(accepted);
        assertThat(ofBody("Hello Bob,\r\nthe plan is on.\r\n")).as("an empty line inside counts").isNotEqualTo(accepted);
    }

    @Test
    void anEmptyBodyHasTheHashOfNothing() throws Exception {
        assertThat(ofBody("\r\n\r\n")).isEqualTo(ofMessage("Subject: nothing\r\n\r\n"))
            .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
