package org.jamesmsa.server;

import org.apache.james.GuiceJamesServer;
import org.apache.james.NaiveDelegationStoreModule;
import org.apache.james.modules.MailboxModule;
import org.apache.james.modules.MailetProcessingModule;
import org.apache.james.modules.mailbox.DefaultEventModule;
import org.apache.james.modules.mailbox.MemoryDeadLetterModule;
import org.apache.james.modules.protocols.IMAPServerModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.modules.server.DataRoutesModules;
import org.apache.james.modules.server.DefaultProcessorsConfigurationProviderModule;
import org.apache.james.modules.server.MailQueueRoutesModule;
import org.apache.james.modules.server.MailRepositoriesRoutesModule;
import org.apache.james.modules.server.NoJwtModule;
import org.apache.james.modules.server.RawPostDequeueDecoratorModule;
import org.apache.james.modules.server.TaskManagerModule;
import org.apache.james.modules.server.WebAdminServerModule;
import org.apache.james.server.core.configuration.Configuration;
import org.jamesmsa.extension.MsaExtensionModule;

import com.google.inject.Module;
import com.google.inject.util.Modules;

/**
 * The MSA's James: SMTP, IMAP and webadmin over durable storage, assembled from Maven Central artifacts the way
 * James's own {@code jpa-smtp-app} is (whose wiring is not published): nothing that was accepted lives only in
 * memory. The bundle's shared services ({@link MsaExtensionModule}) are installed here; on other James flavours they
 * are named in {@code conf/extensions.properties}, which this server reads as well (for an operator's own modules).
 */
public final class DurableMsaServer {

    /** Durable storage: the queue, the data (domains, users, aliases, repositories) and the mailboxes. */
    public static final Module STORAGE = Modules.combine(
        new ActiveMqQueueModule(),
        new JpaDataModule(),
        new JpaMailboxModule());

    public static final Module PROCESSING = Modules.combine(
        new MailetProcessingModule(),
        new DefaultProcessorsConfigurationProviderModule(),
        new RawPostDequeueDecoratorModule(),
        new MailboxModule(),
        new DefaultEventModule(),
        new MemoryDeadLetterModule(),
        new NaiveDelegationStoreModule(),
        new TaskManagerModule());

    public static final Module PROTOCOLS = Modules.combine(
        new ProtocolHandlerModule(),
        new SMTPServerModule(),
        new IMAPServerModule());

    /** Domains, users, aliases, queues and mail repositories over REST; the conf binds it to loopback. */
    public static final Module WEBADMIN = Modules.combine(
        new WebAdminServerModule(),
        new DataRoutesModules(),
        new MailQueueRoutesModule(),
        new MailRepositoriesRoutesModule(),
        new NoJwtModule());

    private DurableMsaServer() {
    }

    public static GuiceJamesServer create(Configuration configuration) {
        DroppedErrors.install();
        return GuiceJamesServer.forConfiguration(configuration)
            .combineWith(STORAGE, new PostmasterMailbox.Module(), PROCESSING, PROTOCOLS, WEBADMIN,
                Modules.override(new MsaExtensionModule()).with(new SharedStoresModule()));
    }
}
