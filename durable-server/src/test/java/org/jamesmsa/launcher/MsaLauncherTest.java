package org.jamesmsa.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MsaLauncherTest {

    /** A word the launcher does not know was once ignored, and a second server started on busy ports. */
    @Test
    void aWordItDoesNotKnowIsRefusedWithStatusTwoNotASecondServer() {
        assertThat(MsaLauncher.command(new String[] {"frobnicate"})).isEqualTo(2);
        assertThat(MsaLauncher.COMMANDS).contains("james-msa admin");
    }
}
