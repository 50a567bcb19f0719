package org.jamesmsa.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.jamesmsa.contracts.Suspensions.Suspension;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuspensionsFileTest {
    @TempDir
    Path folder;

    @Test
    void suspensionsAreReadBackAfterARestartWithTheirTextsAsWritten() {
        Path file = folder.resolve("suspensions.properties");
        SuspensionsFile suspensions = SuspensionsFile.open(file);
        Suspension alice = new Suspension(TestAccounts.ALICE, Instant.parse("2026-12-03T09:30:00Z"), "jdoe@ops (james-msa admin)",
            "sent \"invoices\" = spam, see ticket C:\\tickets\\4711 \u2014 \u7528\u6237");

        suspensions.suspend(alice);
        suspensions.suspend(new Suspension(TestAccounts.BOB, Instant.parse("2026-12-03T10:00:00Z"), "webadmin", ""));
        assertThat(suspensions.resume(TestAccounts.BOB)).isTrue();
        assertThat(suspensions.resume(TestAccounts.BOB)).isFalse();

        SuspensionsFile reopened = SuspensionsFile.open(file);
        assertThat(reopened.of(TestAccounts.ALICE)).contains(alice);
        assertThat(reopened.all().keySet()).containsExactly(TestAccounts.ALICE);
    }

    @Test
    void aLineThatIsNotASuspensionStopsTheStartNamingTheFileAndTheLine() throws Exception {
        Path file = folder.resolve("suspensions.properties");
        Files.writeString(file, "alice@msa.test = yes\n");

        assertThatThrownBy(() -> SuspensionsFile.open(file)).isInstanceOf(InvalidSettingException.class)
            .hasMessage(file + ": alice@msa.test has value 'yes'; expected {\"since\": \"RFC 3339 time\", \"by\": \"...\", \"reason\": \"...\"}");
    }

    @Test
    void aLineBreakInATextIsRefusedBeforeItCouldForgeAnotherLine() {
        assertThatThrownBy(() -> new Suspension(TestAccounts.ALICE, Instant.now(), "jdoe", "x\nbob@msa.test = {}"))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("reason must be one line of printable text");
    }
}
