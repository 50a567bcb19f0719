package org.jamesmsa.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.jamesmsa.settings.InvalidSettingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TlsProviderTest {
    @AfterEach
    void removeConscrypt() {
        Security.removeProvider("Conscrypt");
    }

    @Test
    void conscryptRunsTlsAndJavaKeepsTheKeysAndSignatures() throws Exception {
        TlsProvider.install(Map.of("MSA_TLS_PROVIDER", "conscrypt"));

        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, null, null);
        SSLEngine engine = tls.createSSLEngine();
        assertThat(tls.getProvider().getName()).isEqualTo("Conscrypt");
        assertThat(engine.getSupportedProtocols()).contains("TLSv1.3");
        assertThat(KeyPairGenerator.getInstance("RSA").getProvider().getName()).isEqualTo("SunRsaSign");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate());
        assertThat(rsa.getProvider().getName()).isEqualTo("SunRsaSign");
    }

    @Test
    void byDefaultConscryptRunsTlsWhereItsNativeLibraryLoadsOnceWhateverTheCalls() throws Exception {
        TlsProvider.install(Map.of());
        TlsProvider.install(Map.of("MSA_TLS_PROVIDER", "auto"));

        // This machine (Linux x86-64) is one where it loads; elsewhere auto leaves Java's SunJSSE, as jdk does.
        assertThat(SSLContext.getInstance("TLS").getProvider().getName()).isEqualTo("Conscrypt");
        assertThat(java.util.Arrays.stream(Security.getProviders()).filter(p -> p.getName().equals("Conscrypt"))).hasSize(1);
    }

    @Test
    void jdkLeavesJavaAloneAndAnythingElseStopsTheStart() {
        TlsProvider.install(Map.of("MSA_TLS_PROVIDER", "jdk"));
        assertThat(Security.getProvider("Conscrypt")).isNull();
        assertThatThrownBy(() -> TlsProvider.install(Map.of("MSA_TLS_PROVIDER", "openssl")))
            .isInstanceOf(InvalidSettingException.class).hasMessage("MSA_TLS_PROVIDER='openssl'; allowed values: auto, conscrypt, jdk");
    }
}
