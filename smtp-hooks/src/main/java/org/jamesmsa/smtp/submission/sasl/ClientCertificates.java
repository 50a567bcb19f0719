package org.jamesmsa.smtp.submission.sasl;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Which user a TLS client certificate stands for, for the EXTERNAL mechanism: the chain must verify against the
 * configured certificate authorities (independently of what the TLS layer already checked), and the user is read
 * from the certificate's subject alternative name of type email (rfc822Name) or from its subject's common name.
 */
public class ClientCertificates {

    /** Where the user's name is read in the certificate. */
    public enum Identity { SAN_EMAIL, SUBJECT_CN }

    private final Set<TrustAnchor> authorities;
    private final Identity identity;

    public ClientCertificates(Collection<X509Certificate> authorities, Identity identity) {
        this.authorities = authorities.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toUnmodifiableSet());
        this.identity = identity;
    }

    /** No certificate authority: EXTERNAL is not available anywhere. */
    public static ClientCertificates none() {
        return new ClientCertificates(List.of(), Identity.SAN_EMAIL);
    }

    public boolean configured() {
        return !authorities.isEmpty();
    }

    /**
     * The identity a verified chain names.
     *
     * @throws GeneralSecurityException naming why the chain is not accepted (not signed by a configured authority,
     *                                  expired, no identity of the configured kind)
     */
    public String identify(Certificate[] chain) throws GeneralSecurityException {
        if (authorities.isEmpty()) {
            throw new GeneralSecurityException("no certificate authority is configured for client certificates");
        }
        List<X509Certificate> certificates = Arrays.stream(chain).map(X509Certificate.class::cast).collect(Collectors.toList());
        PKIXParameters parameters = new PKIXParameters(authorities);
        // Revocation needs CRLs or OCSP responders reachable from the MSA; the CA's operator revokes by removing the user.
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(certificates), parameters);
        X509Certificate client = certificates.get(0);
        Optional<String> name = identity == Identity.SAN_EMAIL ? sanEmail(client) : commonName(client.getSubjectX500Principal());
        return name.orElseThrow(() -> new GeneralSecurityException("the certificate of " + client.getSubjectX500Principal()
            + " has no " + (identity == Identity.SAN_EMAIL ? "email subject alternative name" : "common name")));
    }

    private static Optional<String> sanEmail(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return Optional.empty();
        }
        return names.stream()
            .filter(name -> Integer.valueOf(1).equals(name.get(0)))
            .map(name -> String.valueOf(name.get(1)))
            .findFirst();
    }

    private static Optional<String> commonName(X500Principal subject) throws GeneralSecurityException {
        try {
            for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            throw new GeneralSecurityException("unreadable subject " + subject, e);
        }
    }
}
