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

    @Test
    void theRfc6376ExampleIsCanonicalizedAsTheRfcSays() throws Exception {
        // RFC 6376 3.4.5: " C \r\nD \t E\r\n\r\n\r\n" is " C\r\nD E\r\n" in relaxed body canonicalization.
        assertThat(ofBody(" C \r\nD \t E\r\n\r\n\r\n")).isEqualTo(AuditChain.hex(AuditChain.sha256()
            .digest(" C\r\nD E\r\n".getBytes(StandardCharsets.US_ASCII))));
    }

    /** Line by line, as RFC 6376 3.4.4 words it: the oracle for the streaming canonicalizer. */
    private static String byTheWords(String body) {
        StringBuilder canonical = new StringBuilder();
        int empty = 0;
        for (String line : body.split("\r?\n", -1)) {
            String collapsed = line.replaceAll("[ \t]+", " ");
            // Not replaceAll(" $"): a regex "$" also matches before a final bare CR, which ends no line here.
            String relaxed = collapsed.endsWith(" ") ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
            if (relaxed.isEmpty()) {
                empty++;
            } else {
                canonical.append("\r\n".repeat(empty)).append(relaxed).append("\r\n");
                empty = 0;
            }
        }
        return AuditChain.hex(AuditChain.sha256().digest(canonical.toString().getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void anyBodyStreamedGivesTheHashOfItsCanonicalFormLineByLine() throws Exception {
        java.util.Random random = new java.util.Random(6376);
        char[] alphabet = {'a', 'b', ' ', '\t', '\r', '\n', '\n'};
        for (int round = 0; round < 2000; round++) {
            StringBuilder body = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                body.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertThat(ofBody(body.toString())).as(body.toString().replace("\r", "<CR>").replace("\n", "<LF>"))
                .isEqualTo(byTheWords(body.toString()));
        }
    }
}
