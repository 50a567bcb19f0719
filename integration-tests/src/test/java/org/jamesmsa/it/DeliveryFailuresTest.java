package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The packaged default, MSA_SMARTHOST_TLS=required, against a smarthost that offers no STARTTLS (the fixture's plain
 * GreenMail): the message waits in the outgoing queue, and the operator reads why in the log and the metrics.
 */
class DeliveryFailuresTest {
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
    private static final Logger OUTBOUND = (Logger) LoggerFactory.getLogger("org.jamesmsa.mailets.OutboundAttempts");

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer(Map.of("MSA_SMARTHOST_TLS", "required"));

    @BeforeAll
    static void capture() {
        LOG.start();
        OUTBOUND.addAppender(LOG);
    }

    @AfterAll
    static void release() {
        OUTBOUND.detachAppender(LOG);
    }

    private static List<String> deferrals() {
        synchronized (LOG) {
            return LOG.list.stream().map(ILoggingEvent::getFormattedMessage).filter(line -> line.startsWith("DEFERRED"))
                .collect(Collectors.toList());
        }
    }

    @Test
    void aDeliveryDeferredForWantOfStartTlsIsLoggedWithItsReasonAndCounted() throws Exception {
        String subject = "held back " + UUID.randomUUID();
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(client.sendMail(ALICE, "friend@elsewhere.example", "Subject: " + subject + "\r\n\r\nhi\r\n").code())
                .isEqualTo(250);
        }

        MsaTestServer.awaitUntil("a deferral is logged", () -> !deferrals().isEmpty());

        String smarthost = "127.0.0.1:" + MSA.smarthost().getSmtp().getPort();
        assertThat(deferrals()).singleElement().satisfies(line -> assertThat(line)
            .matches("DEFERRED \\S+ to elsewhere\\.example via " + java.util.regex.Pattern.quote(smarthost)
                + ": STARTTLS not offered by the next hop, and it is required; try 2 of \\d+ at \\S+Z"));
        assertThat(MSA.metrics())
            .contains("msa_delivery_deferred_starttls_not_offered_total 1.0");
        assertThat(MSA.relayedWithSubject(subject)).as("nothing left in clear").isEmpty();
    }
}
