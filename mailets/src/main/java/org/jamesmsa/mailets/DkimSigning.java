package org.jamesmsa.mailets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.jdkim.mailets.DKIMSign;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesmsa.model.FromHeader;
import org.jamesmsa.model.SubmissionFacts;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DKIM signatures (RFC 6376) on authenticated submissions, made by James's own DKIMSign, for every local domain. The
 * signing domain is that of the From header when it is local (what DMARC aligns on), else that of the envelope
 * sender when it is local; a message of neither is left unsigned, and so is MX mail. Keys live in
 * {@code keyDirectory/<domain>/}: {@code <selector>.pem} (RSA 2048, made on first start for each domain, and on
 * first use for a domain added later), the record to publish beside it, {@code <selector>._domainkey.<domain>.txt},
 * and optionally {@code selector}, a file naming the selector in use: rotating a key is making one, publishing it,
 * then writing its selector there, read again at the next message.
 *
 * <pre>{@code
 * <mailet match="SMTPAuthSuccessful" class="org.jamesmsa.mailets.DkimSigning">
 *     <!-- Default: var/dkim under James's working directory. The packaged conf: $MSA_HOME/dkim. -->
 *     <keyDirectory>/var/lib/james-msa/dkim</keyDirectory>
 *     <!-- The selector of new keys, when a domain has no "selector" file. Default: msa1. -->
 *     <selector>msa1</selector>
 * </mailet>
 * }</pre>
 */
public class DkimSigning extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(DkimSigning.class);
    /** RFC 6376 5.4.1's recommended set; the trace headers (Received, X-MSA-Trace) are not signed. */
    static final String SIGNED_HEADERS = "From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:"
        + "Content-Transfer-Encoding:In-Reply-To:References:List-Id:List-Unsubscribe";
    private static final int KEY_BITS = 2048;
    private static final String SELECTOR_FILE = "selector";
    /** A selector is one DNS label: it is published as {@code <selector>._domainkey.<domain>}. */
    private static final Pattern SELECTOR = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private final DomainList domains;
    private final Map<String, Signer> signers = new ConcurrentHashMap<>();
    private Path keyDirectory;
    private String defaultSelector;

    /** A domain's signer, and the selector file's time when it was made. */
    private static final class Signer {
        final DKIMSign mailet;
        final Optional<FileTime> selectorFileTime;

        Signer(DKIMSign mailet, Optional<FileTime> selectorFileTime) {
            this.mailet = mailet;
            this.selectorFileTime = selectorFileTime;
        }
    }

    @Inject
    public DkimSigning(DomainList domains) {
        this.domains = domains;
    }

    @Override
    public void init() throws MessagingException {
        Settings settings = Settings.ofMailet(getMailetConfig(), List.of("keyDirectory", "selector"));
        keyDirectory = Path.of(settings.get("keyDirectory", ValueType.TEXT, "var/dkim"));
        defaultSelector = settings.get("selector", ValueType.of("a DNS label (letters, digits, hyphens)",
            text -> Optional.of(text).filter(t -> SELECTOR.matcher(t).matches())), "msa1");
        try {
            for (Domain domain : domains.getDomains()) {
                signerFor(domain.asString());
            }
        } catch (DomainListException e) {
            throw new MessagingException("cannot list the local domains to make their DKIM keys", e);
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (SubmissionFacts.from(mail).filter(SubmissionFacts::isAuthenticatedSubmission).isEmpty()) {
            return;
        }
        Optional<String> domain = signingDomain(mail);
        if (domain.isEmpty()) {
            LOGGER.info("Message {} left unsigned: neither its From nor its envelope sender is in a local domain", mail.getName());
            return;
        }
        signerFor(domain.get()).mailet.service(mail);
    }

    private Optional<String> signingDomain(Mail mail) throws MessagingException {
        Optional<String> from = fromDomain(mail).filter(this::isLocal);
        if (from.isPresent()) {
            return from;
        }
        return mail.getMaybeSender().asOptional().map(sender -> sender.getDomain().asString()).filter(this::isLocal);
    }

    private static Optional<String> fromDomain(Mail mail) throws MessagingException {
        return FromHeader.singleAddress(mail.getMessage()).filter(address -> address.contains("@"))
            .map(address -> address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT));
    }

    private boolean isLocal(String domain) {
        try {
            return domains.containsDomain(Domain.of(domain));
        } catch (DomainListException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The domain's signer: made once, and again when its selector file changed (a key rotation). */
    private Signer signerFor(String domain) throws MessagingException {
        Path folder = keyDirectory.resolve(domain);
        Optional<FileTime> selectorTime = modified(folder.resolve(SELECTOR_FILE));
        Signer current = signers.get(domain);
        if (current != null && current.selectorFileTime.equals(selectorTime)) {
            return current;
        }
        synchronized (this) {
            current = signers.get(domain);
            if (current != null && current.selectorFileTime.equals(selectorTime)) {
                return current;
            }
            Signer made = new Signer(signer(domain, folder), selectorTime);
            signers.put(domain, made);
            return made;
        }
    }

    private DKIMSign signer(String domain, Path folder) throws MessagingException {
        try {
            String selector = selectorOf(folder);
            Path key = folder.resolve(selector + ".pem");
            if (!Files.exists(key)) {
                generate(domain, selector, folder, key);
            }
            String pem = Files.readString(key, StandardCharsets.US_ASCII);
            Path record = folder.resolve(selector + "._domainkey." + domain + ".txt");
            if (!Files.exists(record)) {
                Files.writeString(record, publishedRecord(domain, selector, pem));
            }
            DKIMSign mailet = new DKIMSign();
            mailet.init(new GivenParameters("DKIMSign", getMailetContext(), Map.of("signatureTemplate", "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector
                + "; h=" + SIGNED_HEADERS + "; bh=; b=;", "privateKey", pem)));
            return mailet;
        } catch (IOException | GeneralSecurityException e) {
            throw new MessagingException("DKIM key of " + domain + " in " + folder + " cannot be used: " + e.getMessage(), e);
        }
    }

    private String selectorOf(Path folder) throws IOException {
        Path file = folder.resolve(SELECTOR_FILE);
        if (!Files.exists(file)) {
            return defaultSelector;
        }
        String selector = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!SELECTOR.matcher(selector).matches()) {
            throw new IOException(file + " does not name a selector: '" + selector + "'");
        }
        return selector;
    }

    private void generate(String domain, String selector, Path folder, Path key) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(KEY_BITS);
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(folder);
        Path written = Files.createTempFile(folder, ".dkim-key", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(written, "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        Files.move(written, key);
        String record = publishedRecord(domain, selector, Files.readString(key, StandardCharsets.US_ASCII));
        LOGGER.warn("New DKIM key for {}: publish this record in DNS (also in {}):\n{}", domain,
            folder.resolve(selector + "._domainkey." + domain + ".txt"), record);
    }

    /** The TXT record of the key's public half, in zone-file syntax, its value split into strings of 255 bytes. */
    static String publishedRecord(String domain, String selector, String privatePem) throws GeneralSecurityException {
        String body = privatePem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        byte[] publicKey = KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())).getEncoded();
        String value = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(publicKey);
        StringBuilder strings = new StringBuilder();
        for (int i = 0; i < value.length(); i += 255) {
            strings.append(" \"").append(value, i, Math.min(value.length(), i + 255)).append('"');
        }
        return selector + "._domainkey." + domain + ". IN TXT (" + strings + " )\n";
    }

    private static Optional<FileTime> modified(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file));
        } catch (IOException absent) {
            return Optional.empty();
        }
    }

    @Override
    public String getMailetInfo() {
        return "DKIM signatures of authenticated submissions, one key per local domain";
    }
}
