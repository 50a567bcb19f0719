package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.jamesmsa.audit.AuditQuery;
import org.jamesmsa.it.SmtpClient.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit folder on a file system of its own, small enough for the test to fill (a tmpfs mounted by the test; the
 * tests run as root, as CI does). Filled, new mail is refused with 451 4.3.0; freed, the server notices by itself
 * within seconds and accepts again, with nothing held and no message sent meanwhile to tell it.
 */
class AuditDiskFullTest {
    private static Path mountPoint;

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer().preparingHome(home -> {
        mountPoint = Files.createDirectories(home.resolve("audit"));
        run("mount", "-t", "tmpfs", "-o", "size=256k", "msa-audit-test", mountPoint.toString());
    });

    @AfterAll
    static void unmount() throws Exception {
        if (mountPoint != null) {
            // Lazy: the server, stopped after this, still holds the day's file open.
            run("umount", "-l", mountPoint.toString());
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static Reply submit(String subject) throws Exception {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            return client.sendMail(ALICE, BOB, "Subject: " + subject + "\r\n\r\nhi\r\n");
        }
    }

    /** Writes until the file system says it is full. */
    private static Path fill(Path folder) throws IOException {
        Path filler = folder.resolve("filler");
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
        return filler;
    }

    @Test
    void aFilledAuditDiskRefusesMailAndOnceFreedTheServerAcceptsAgainByItself() throws Exception {
        assertThat(submit("before the disk fills").code()).isEqualTo(250);
        MSA.awaitDelivered(BOB, "before the disk fills");
        Path filler = fill(mountPoint);

        assertThat(submit("the first message after the disk filled").code()).as("nothing has failed yet").isEqualTo(250);
        MsaTestServer.awaitUntil("new mail refused while the disk is full", () -> {
            try {
                return submit("while full").code() == 451;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        Files.delete(filler);
        Instant freed = Instant.now();
        MsaTestServer.awaitUntil("new mail accepted again", () -> {
            try {
                return submit("after the disk was freed").code() == 250;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Duration noticed = Duration.between(freed, Instant.now());
        System.out.printf("Audit disk freed: mail accepted again after %d ms%n", noticed.toMillis());
        assertThat(noticed).as("noticed by the server's own probe, not by the next held-message retry (10 s)")
            .isLessThan(Duration.ofSeconds(5));

        MSA.awaitDelivered(BOB, "after the disk was freed");
        MSA.awaitDelivered(BOB, "the first message after the disk filled");
        assertThat(AuditQuery.verify(MSA.auditDirectory()).problems()).as("the chain survived the full disk").isEmpty();
    }
}
