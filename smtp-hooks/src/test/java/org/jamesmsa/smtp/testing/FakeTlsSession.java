package org.jamesmsa.smtp.testing;

import java.security.Principal;
import java.security.cert.Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSessionContext;

/** The TLS facts a hook reads from a session: protocol, cipher, and the client's certificate chain if it sent one. */
public class FakeTlsSession implements javax.net.ssl.SSLSession {
    private final Certificate[] peerCertificates;

    public FakeTlsSession(Certificate... peerCertificates) {
        this.peerCertificates = peerCertificates;
    }

    @Override
    public String getProtocol() {
        return "TLSv1.3";
    }

    @Override
    public String getCipherSuite() {
        return "TLS_AES_256_GCM_SHA384";
    }

    @Override
    public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
        if (peerCertificates.length == 0) {
            throw new SSLPeerUnverifiedException("the client sent no certificate");
        }
        return peerCertificates.clone();
    }

    @Override
    public byte[] getId() {
        return new byte[0];
    }

    @Override
    public SSLSessionContext getSessionContext() {
        return null;
    }

    @Override
    public long getCreationTime() {
        return 0;
    }

    @Override
    public long getLastAccessedTime() {
        return 0;
    }

    @Override
    public void invalidate() {
    }

    @Override
    public boolean isValid() {
        return true;
    }

    @Override
    public void putValue(String name, Object value) {
    }

    @Override
    public Object getValue(String name) {
        return null;
    }

    @Override
    public void removeValue(String name) {
    }

    @Override
    public String[] getValueNames() {
        return new String[0];
    }

    @Override
    public Certificate[] getLocalCertificates() {
        return null;
    }

    @Override
    public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
        throw new SSLPeerUnverifiedException("not needed by the hooks");
    }

    @Override
    public Principal getLocalPrincipal() {
        return null;
    }

    @Override
    public String getPeerHost() {
        return "192.0.2.7";
    }

    @Override
    public int getPeerPort() {
        return 40123;
    }

    @Override
    public int getPacketBufferSize() {
        return 16 * 1024;
    }

    @Override
    public int getApplicationBufferSize() {
        return 16 * 1024;
    }

    @SuppressWarnings("deprecation")
    @Override
    public javax.security.cert.X509Certificate[] getPeerCertificateChain() throws SSLPeerUnverifiedException {
        throw new SSLPeerUnverifiedException("deprecated");
    }
}
