package org.jamesmsa.launcher;

import java.nio.file.Path;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerMain;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.model.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/james-msa}: starts the MSA in the foreground from MSA_* environment variables (see README.md).
 * Exit status 2 for a bad setting, 1 when James fails to start.
 */
public final class MsaLauncher {
    private static final Logger LOGGER = LoggerFactory.getLogger(MsaLauncher.class);

    private MsaLauncher() {
    }

    public static void main(String[] args) throws Exception {
        GuiceJamesServer server;
        MsaSettings settings;
        try {
            settings = MsaSettings.fromEnvironment(System.getenv());
            // Before the first log line, which names the node.
            System.setProperty(NodeId.PROPERTY, settings.nodeId());
            System.err.println("james-msa: MSA_HOME=" + settings.home().toAbsolutePath()
                + " (accounts, mailboxes, mail queue, audit records, keys)");
            TlsMaterial tls = TlsMaterial.forSettings(settings);
            if (tls.selfSigned()) {
                LOGGER.warn("Using the self-signed certificate {}: set MSA_TLS_CERT and MSA_TLS_KEY for production", tls.certificate());
            }
            server = MsaServer.create(settings, tls, Path.of(System.getProperty("msa.conf.dir", "conf")));
        } catch (InvalidSettingException e) {
            System.err.println("james-msa: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            JamesServerMain.main(server);
        } catch (Exception e) {
            LOGGER.error("James failed to start", e);
            System.err.println("james-msa: " + StartupFailure.describe(e));
            System.exit(1);
        }
        LOGGER.info("james-msa ready for {}: MX {}, submission {} (STARTTLS), submissions {} (TLS), IMAP {} (STARTTLS), "
                + "IMAPS {}, webadmin {}:{} (0 = off); data in {}",
            settings.domain(), settings.smtpPort(), settings.submissionPort(), settings.submissionsPort(), settings.imapPort(),
            settings.imapsPort(), settings.webadminBind(), settings.webadminPort(), settings.home().toAbsolutePath());
    }
}
