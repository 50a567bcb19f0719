package org.jamesmsa.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jamesmsa.audit.AuditLog;
import org.jamesmsa.contracts.AuditHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the real folder store, so that the probe is the one the server runs; AuditDiskFullTest fills a real disk. */
class AuditProbeTest {
    private final AuditHealth health = new AuditHealth();

    @Test
    void aStoreThatCanWriteAgainEndsTheRefusalWithNoMessageSent(@TempDir Path folder) throws Exception {
        try (AuditLog log = AuditLog.open(new AuditLog.Options(folder))) {
            AuditProbe probe = new AuditProbe(log, health);
            health.failed("No space left on device");
            // A folder where the probe's file goes: its write fails, as on a full disk.
            Path blocker = Files.createDirectory(folder.resolve(".write-probe"));
            Files.writeString(blocker.resolve("keeps-it-a-folder"), "x");

            probe.probeWhileFailing();
            assertThat(health.writable()).as("the probe could not write").isFalse();

            Files.delete(blocker.resolve("keeps-it-a-folder"));
            Files.delete(blocker);
            probe.probeWhileFailing();
            probe.stop();

            assertThat(health.writable()).isTrue();
            assertThat(folder.resolve(".write-probe")).as("nothing is left beside the day files").doesNotExist();
        }
    }
}
