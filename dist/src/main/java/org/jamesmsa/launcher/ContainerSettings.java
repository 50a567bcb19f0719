package org.jamesmsa.launcher;

/**
 * The Docker entrypoint's first step: checks the MSA_* variables exactly as {@code bin/james-msa} does, prepares
 * the TLS material, and prints the {@code -Dmsa.*=...} options for the James command line, one per line. Exit
 * status 2 and one line on standard error for a bad setting.
 */
public final class ContainerSettings {
    private ContainerSettings() {
    }

    public static void main(String[] args) {
        try {
            MsaSettings settings = MsaSettings.fromEnvironment(System.getenv());
            TlsMaterial tls = TlsMaterial.forSettings(settings);
            if (tls.selfSigned()) {
                System.err.println("james-msa: using the self-signed certificate " + tls.certificate()
                    + "; mount real ones and set MSA_TLS_CERT and MSA_TLS_KEY for production");
            }
            settings.systemProperties(tls).forEach((name, value) -> System.out.println("-D" + name + "=" + value));
        } catch (InvalidSettingException e) {
            System.err.println("james-msa: " + e.getMessage());
            System.exit(2);
        }
    }
}
