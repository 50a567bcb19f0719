package org.jamesmsa.launcher;

import java.security.Provider;
import java.security.Security;
import java.util.Map;

import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.settings.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MSA_TLS_PROVIDER: who runs the TLS of the listeners and of outbound delivery. {@code auto} (the default) is Google's
 * Conscrypt, BoringSSL's TLS and ciphers in native code shipped in the distribution and the image, where its native
 * library loads (Linux, macOS and Windows on x86-64), and Java's own SunJSSE elsewhere (ARM, for one), said once in
 * the log; {@code conscrypt} is Conscrypt or no start; {@code jdk} is SunJSSE. Conscrypt takes SunJSSE's place in the
 * provider list and no earlier one, so keys, key factories and signatures (DKIM's RSA and Ed25519 among them) stay
 * with Java's providers, whose key classes the bundle's code relies on; TLS and the providers after SunJSSE move.
 */
public final class TlsProvider {
    private static final Logger LOGGER = LoggerFactory.getLogger(TlsProvider.class);
    public static final String SETTING = "MSA_TLS_PROVIDER";

    private TlsProvider() {
    }

    /** Installs the provider named, once per JVM: a second call finds it in the list and leaves the list as it is. */
    public static void install(Map<String, String> env) {
        String choice = MsaSettings.typed(env, SETTING, ValueType.word("auto", "conscrypt", "jdk"), "auto");
        if (choice.equals("jdk")) {
            return;
        }
        Provider conscrypt;
        try {
            conscrypt = org.conscrypt.Conscrypt.newProvider();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            String machine = System.getProperty("os.name") + " " + System.getProperty("os.arch");
            if (choice.equals("auto")) {
                LOGGER.info("TLS by Java's SunJSSE: Conscrypt's native library does not load on {} ({})", machine, e.getMessage());
                return;
            }
            throw new InvalidSettingException(SETTING + "=conscrypt, but Conscrypt's native library cannot be loaded on this "
                + "machine (" + machine + "): " + e.getMessage());
        }
        if (Security.getProvider(conscrypt.getName()) != null) {
            return;
        }
        Provider[] providers = Security.getProviders();
        int position = providers.length + 1;
        for (int i = 0; i < providers.length; i++) {
            if (providers[i].getName().equals("SunJSSE")) {
                position = i + 1;
                break;
            }
        }
        Security.insertProviderAt(conscrypt, position);
        LOGGER.info("TLS by {} {} (MSA_TLS_PROVIDER={}), provider {} of the list", conscrypt.getName(),
            conscrypt.getVersionStr(), choice, position);
    }
}
