package org.jamesmsa.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.smtp.limits.UserQuotas.Quota;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserLimitsFileTest {
    @TempDir
    Path folder;

    @Test
    void changesAreWrittenAndReadBackAfterARestart() {
        Path file = folder.resolve("data/user-limits.properties");
        UserLimitsFile limits = UserLimitsFile.open(file);

        limits.set(TestAccounts.ALICE, new Quota(2000, 20000));
        limits.set(TestAccounts.BOB, new Quota(10, 0));
        limits.set(TestAccounts.BOB, new Quota(20, 0));
        assertThat(limits.remove(TestAccounts.ALICE)).isTrue();
        assertThat(limits.remove(TestAccounts.ALICE)).isFalse();

        UserLimitsFile reopened = UserLimitsFile.open(file);
        assertThat(reopened.all()).containsExactlyEntriesOf(java.util.Map.of(TestAccounts.BOB, new Quota(20, 0)));
        assertThat(reopened.of(TestAccounts.ALICE)).isEmpty();
        assertThat(Files.exists(folder.resolve("data/user-limits.properties.new"))).as("no temporary file left").isFalse();
    }

    @Test
    void aChangeThatCannotBeWrittenIsNotApplied() throws Exception {
        Files.writeString(folder.resolve("not-a-folder"), "a file where the folder should be");
        UserLimitsFile limits = UserLimitsFile.open(folder.resolve("not-a-folder/user-limits.properties"));

        assertThatThrownBy(() -> limits.set(TestAccounts.ALICE, new Quota(1, 1))).isInstanceOf(UncheckedIOException.class)
            .hasMessageStartingWith("cannot write the user limits to " + folder.resolve("not-a-folder/user-limits.properties"));
        assertThat(limits.of(TestAccounts.ALICE)).isEmpty();
    }

    @Test
    void aLineThatIsNotALimitStopsTheStartNamingTheFileAndTheLine() throws Exception {
        Path file = folder.resolve("user-limits.properties");
        Files.writeString(file, "alice@msa.test = 10\n");

        assertThatThrownBy(() -> UserLimitsFile.open(file)).isInstanceOf(InvalidSettingException.class)
            .hasMessage(file + ": alice@msa.test has value '10'; allowed values: messages per hour, recipients per hour "
                + "(whole numbers, 0 for no limit)");
        Files.writeString(file, "alice@msa.test = 10, -1\n");
        assertThatThrownBy(() -> UserLimitsFile.open(file)).isInstanceOf(InvalidSettingException.class);
    }
}
