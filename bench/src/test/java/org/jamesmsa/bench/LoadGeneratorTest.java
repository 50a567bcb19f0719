package org.jamesmsa.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    private static LoadGenerator.Options options(int port, int messages, String ehlo) {
        return new LoadGenerator.Options("127.0.0.1", port, LoadGenerator.Tls.NONE, "u@load.test", "p", "u@load.test",
            "sink@elsewhere.example", ehlo, null, 4, messages, Duration.ZERO, 2048);
    }

    @Test
    void everySessionReachesTheServerAndEveryPhaseIsMeasured() throws Exception {
        try (SmtpSink sink = SmtpSink.start()) {
            LoadGenerator.Report report = LoadGenerator.run(options(sink.port(), 200, "load.example.test"));

            assertThat(report.messages()).isEqualTo(200);
            assertThat(sink.received()).isEqualTo(200);
            assertThat(report.failed()).isZero();
            assertThat(report.latencies().get(LoadGenerator.Phase.DATA)).hasSize(200);
            assertThat(report.latencies().get(LoadGenerator.Phase.STARTTLS)).as("no STARTTLS was asked for").isEmpty();
        }
    }

    @Test
    void refusedRepliesAreCountedByTheirText() throws Exception {
        try (SmtpSink sink = SmtpSink.start()) {
            // the sink answers 502 to anything it does not know; an EHLO-less session meets it at the first command
            LoadGenerator.Report report = LoadGenerator.run(new LoadGenerator.Options("127.0.0.1", sink.port(),
                LoadGenerator.Tls.STARTTLS, "u", "p", "u@load.test", "v@load.test", "load.example.test", null, 2, 10,
                Duration.ZERO, 1024));

            assertThat(report.messages()).isZero();
            assertThat(report.failures()).containsEntry("502 not here", 10L);
        }
    }

    @Test
    void onlyLoopbackTargetsAreAccepted() {
        assertThatThrownBy(() -> LoadGenerator.parse(new String[] {"--host", "192.0.2.1", "--port", "587", "--user", "u",
            "--password", "p", "--from", "f@x.test", "--to", "t@x.test", "--messages", "1"}))
            .hasMessageContaining("192.0.2.1 is not a loopback address");
    }

    @Test
    void missingOrConflictingOptionsAreNamed() {
        assertThatThrownBy(() -> LoadGenerator.parse(new String[] {"--port", "587"})).hasMessage("--user is required");
        assertThatThrownBy(() -> LoadGenerator.parse(new String[] {"--port", "587", "--user", "u", "--password", "p",
            "--from", "f@x.test", "--to", "t@x.test"})).hasMessage("give exactly one of --messages and --seconds");
    }

    @Test
    void optionsAreRead() {
        LoadGenerator.Options options = LoadGenerator.parse(new String[] {"--port", "2587", "--tls", "implicit", "--user", "u",
            "--password", "p", "--from", "f@x.test", "--to", "t@x.test", "--seconds", "30", "--connections", "8",
            "--source", "127.0.0.2"});

        assertThat(options.port()).isEqualTo(2587);
        assertThat(options.tls()).isEqualTo(LoadGenerator.Tls.IMPLICIT);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.connections()).isEqualTo(8);
        assertThat(options.source()).isEqualTo("127.0.0.2");
    }
}
