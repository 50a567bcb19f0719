package org.jamesmsa.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter;
import org.apache.james.protocols.smtp.core.esmtp.AuthCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;
import org.apache.james.smtpserver.CoreCmdHandlerLoader;
import org.apache.james.smtpserver.SendMailHandler;
import org.apache.james.smtpserver.UsersRepositoryAuthHook;
import org.junit.jupiter.api.Test;

class MsaCmdHandlerLoaderTest {

    @Test
    void jamesCoreHandlersWithoutTheThreeTheBundleReplacesWithItsOwnInPlaceOfThreeAndItsTwoFilterFirst() {
        assertThat(new MsaCmdHandlerLoader().getHandlers())
            .doesNotContain(ReceivedDataLineFilter.class.getName(), AuthCmdHandler.class.getName(),
                UsersRepositoryAuthHook.class.getName(), EhloCmdHandler.class.getName(), MailSizeEsmtpExtension.class.getName(),
                SendMailHandler.class.getName())
            .contains(MsaEhloCmdHandler.class.getName(), MsaMailSizeEsmtpExtension.class.getName(), MsaSendMailHandler.class.getName())
            .startsWith(TransportErrorGuard.class.getName(), NonAsciiAddressFilter.class.getName())
            .hasSize(new CoreCmdHandlerLoader().getHandlers().size() - 3 + 2);
    }
}
