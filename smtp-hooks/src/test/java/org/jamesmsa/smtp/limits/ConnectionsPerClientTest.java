package org.jamesmsa.smtp.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.Test;

class ConnectionsPerClientTest {

    private final LocalOpenConnections open = new LocalOpenConnections();

    private ConnectionsPerClient limitedTo(int max) throws Exception {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("max", Integer.toString(max));
        ConnectionsPerClient limit = new ConnectionsPerClient(open);
        limit.init(config);
        return limit;
    }

    @Test
    void theConnectionPastTheLimitIsClosedWith421AndAClosedOneFreesItsPlace() throws Exception {
        ConnectionsPerClient limit = limitedTo(2);
        FakeSmtpSession first = new FakeSmtpSession().from("192.0.2.7", 40001).withId("s1");
        FakeSmtpSession second = new FakeSmtpSession().from("192.0.2.7", 40002).withId("s2");
        FakeSmtpSession third = new FakeSmtpSession().from("192.0.2.7", 40003).withId("s3");

        assertThat(limit.doHelo(first, "a.example")).isEqualTo(HookResult.DECLINED);
        assertThat(limit.doHelo(first, "a.example")).as("a second EHLO in one session counts once").isEqualTo(HookResult.DECLINED);
        assertThat(limit.doHelo(second, "a.example")).isEqualTo(HookResult.DECLINED);
        HookResult refused = limit.doHelo(third, "a.example");

        assertThat(refused.getResult()).isEqualTo(HookReturnCode.disconnected(HookReturnCode.Action.DENY));
        assertThat(refused.getSmtpRetCode() + " " + refused.getSmtpDescription())
            .isEqualTo("421 4.7.0 Too many connections from your address; try again later");
        assertThat(limit.doHelo(new FakeSmtpSession().from("192.0.2.8", 40004), "b.example"))
            .as("another client").isEqualTo(HookResult.DECLINED);

        limit.onDisconnect(third);
        limit.onDisconnect(first);
        assertThat(open.snapshot().get("192.0.2.7")).containsExactly("s2");
        assertThat(limit.doHelo(new FakeSmtpSession().from("192.0.2.7", 40005).withId("s5"), "a.example"))
            .isEqualTo(HookResult.DECLINED);
    }
}
