package org.jamesmsa.smtp.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.mailet.base.test.FakeMail;
import org.jamesmsa.contracts.TestMetrics;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.smtp.SessionTimers;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionDeadlinesTest {
    private final AtomicLong nanos = new AtomicLong();
    private final List<Runnable> periodicTasks = new ArrayList<>();
    /** Timers that never fire on their own: the test runs the periodic check after moving the time. */
    private final SessionTimers timers = new SessionTimers() {
        @Override
        public ScheduledFuture<?> every(Duration period, Runnable task) {
            periodicTasks.add(task);
            return null;
        }
    };
    private final TestMetrics metrics = new TestMetrics();
    private SessionDeadlines deadlines;

    private SessionDeadlines deadlines(String... settings) throws Exception {
        SessionDeadlines created = new SessionDeadlines(timers, metrics.metrics, nanos::get);
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        for (int i = 0; i < settings.length; i += 2) {
            config.addProperty(settings[i], settings[i + 1]);
        }
        created.init(config);
        return created;
    }

    @BeforeEach
    void setUp() throws Exception {
        deadlines = deadlines();
    }

    private void after(Duration elapsed) {
        nanos.addAndGet(elapsed.toNanos());
        periodicTasks.forEach(Runnable::run);
    }

    /** A reply of the server, the greeting (220) first. */
    private void reply(FakeSmtpSession session, String code) {
        deadlines.onResponse(session, new SMTPResponse(code, "text"), 0, null);
    }

    @Test
    void aSessionThatEndsWithAClosingReplyIsNotWatched() {
        FakeSmtpSession session = new FakeSmtpSession();
        SMTPResponse bye = new SMTPResponse("221", "2.0.0 Bye");
        bye.setEndSession(true);

        deadlines.onResponse(session, bye, 0, null);
        after(Duration.ofSeconds(400));

        assertThat(session.laterReplies()).isEmpty();
    }

    @Test
    void aClientSilentForTheCommandTimeoutIsClosedWith421() {
        FakeSmtpSession session = new FakeSmtpSession();
        reply(session, "220");

        after(Duration.ofSeconds(299));
        assertThat(session.laterReplies()).isEmpty();
        after(Duration.ofSeconds(1));

        assertThat(session.laterReplies()).hasSize(1);
        assertThat(session.laterReplies().get(0).getLines())
            .containsExactly("421 4.4.2 msa.example.org Error: timeout exceeded, closing connection");
        assertThat(session.closed()).isTrue();
        assertThat(metrics.count("msa_deadline_closed_command")).isEqualTo(1);
    }

    @Test
    void bytesTrickledWithoutACompleteCommandDoNotExtendTheDeadlineButEachReplyStartsANewOne() {
        FakeSmtpSession session = new FakeSmtpSession();
        reply(session, "220");
        after(Duration.ofSeconds(200));
        reply(session, "250");

        after(Duration.ofSeconds(200));
        assertThat(session.closed()).as("200 s after the last reply").isFalse();
        after(Duration.ofSeconds(100));
        assertThat(session.closed()).isTrue();
    }

    @Test
    void aHandlerThatWroteNothingLeavesTheDeadlineAsItWas() {
        FakeSmtpSession session = new FakeSmtpSession();
        reply(session, "220");
        after(Duration.ofSeconds(200));

        assertThat(deadlines.onResponse(session, null, 0, null)).isNull();
        after(Duration.ofSeconds(100));

        assertThat(session.closed()).isTrue();
    }

    @Test
    void theDataPhaseHasItsOwnLongerDeadlineFromThe354() {
        FakeSmtpSession session = new FakeSmtpSession();
        reply(session, "220");
        reply(session, "354");

        after(Duration.ofSeconds(599));
        assertThat(session.closed()).isFalse();
        after(Duration.ofSeconds(1));

        assertThat(session.closed()).isTrue();
    }

    @Test
    void theEndOfTheDataBringsBackTheCommandDeadline() throws Exception {
        FakeSmtpSession session = new FakeSmtpSession();
        reply(session, "220");
        reply(session, "354");
        after(Duration.ofSeconds(500));

        deadlines.onMessage(session, FakeMail.defaultFakeMail());
        after(Duration.ofSeconds(299));

        assertThat(session.closed()).isFalse();
    }

    @Test
    void aDisconnectedSessionIsForgottenAndOthersKeepTheirOwnDeadlines() {
        FakeSmtpSession gone = new FakeSmtpSession().withId("gone");
        FakeSmtpSession slow = new FakeSmtpSession().withId("slow");
        FakeSmtpSession busy = new FakeSmtpSession().withId("busy");
        reply(gone, "220");
        reply(slow, "220");
        reply(busy, "220");
        deadlines.onDisconnect(gone);

        after(Duration.ofSeconds(250));
        reply(busy, "250");
        after(Duration.ofSeconds(60));

        assertThat(gone.laterReplies()).isEmpty();
        assertThat(slow.closed()).isTrue();
        assertThat(busy.closed()).isFalse();
        after(Duration.ofSeconds(300));
        assertThat(slow.laterReplies()).as("closed once").hasSize(1);
    }

    @Test
    void timeoutsAreSettingsInSeconds() throws Exception {
        deadlines = deadlines("commandTimeout", "5", "dataTimeout", "7");
        FakeSmtpSession session = new FakeSmtpSession();
        reply(session, "220");

        after(Duration.ofSeconds(5));

        assertThat(session.closed()).isTrue();
        assertThatThrownBy(() -> deadlines("commandTimeout", "0")).isInstanceOf(InvalidSettingException.class)
            .hasMessageContaining("<commandTimeout> of handler SessionDeadlines has value '0'");
    }
}
