package org.jamesmsa.launcher;

import java.nio.file.Path;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerMain;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.contracts.NodeId;
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

    /** A word on the command line is a command for a running server, never a second server started by mistake. */
    static int command(String[] args) {
        if (args[0].equals("admin")) {
            java.io.Console console = System.console();
            return AdminCommand.run(java.util.List.of(args).subList(1, args.length), System.getenv(), new AdminCommand.Io(
                new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)),
                java.util.Optional.ofNullable(console), System.out, System.err));
        }
        if (args[0].equals("doctor")) {
            return DnsDoctor.run(java.util.List.of(args).subList(1, args.length), System.getenv(), System.out, System.err);
        }
        System.err.println("james-msa: unknown command '" + args[0] + "'");
        System.err.println(COMMANDS);
        return 2;
    }

    static final String COMMANDS = "james-msa: run without arguments to start the server, or: james-msa admin ... "
        + "(users, domains, aliases, limits, queues; 'james-msa admin' lists them), james-msa doctor [DOMAIN] (DNS checks)";

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            System.exit(command(args));
            return;
        }
        GuiceJamesServer server;
        MsaSettings settings;
        try {
            settings = MsaSettings.fromEnvironment(System.getenv());
            TlsProvider.install(System.getenv());
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
