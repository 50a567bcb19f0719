package org.jamesmsa.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.api.BodyHasher;
import org.apache.james.jdkim.api.Headers;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.mailets.CRLFOutputStream;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesmsa.contracts.FromHeader;
import org.jamesmsa.contracts.SubmissionFacts;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DKIM signatures (RFC 6376) on authenticated submissions, made by jDKIM (the signer of James's DKIMSign), for every local domain: one
 * with RSA, which every receiver checks, and one with Ed25519 (RFC 8463), shorter and faster, for those that know it. The
 * signing domain is that of the From header when it is local (what DMARC aligns on), else that of the envelope
 * sender when it is local; a message of neither is left unsigned, and so is MX mail. Each domain's key (RSA 2048) is
 * made at first start, or at first use for a domain added later, in {@code keyDirectory} ({@link FolderDkimKeys}:
 * the record to publish is beside it, rotation is writing a file), or in the store the nodes of a cluster share when
 * one is bound ({@link SharedDkimKeys}: one key per domain for every node).
 * <p>Every signature is made over the message as accepted, then the message is written once, with the signatures
 * under this MSA's trace headers ({@link TraceHeadersFirst#ordered}). James's DKIMSign edits the message in place
 * for each signature, which has James add {@code MIME-Version} between two signatures and breaks the first.</p>
 *
 * <pre>{@code
 * <mailet match="SMTPAuthSuccessful" class="org.jamesmsa.mailets.DkimSigning">
 *     <!-- Default: var/dkim under James's working directory. The packaged conf: $MSA_HOME/dkim. -->
 *     <keyDirectory>/var/lib/james-msa/dkim</keyDirectory>
 *     <!-- The selector of new keys, when a domain has no "selector" file. Default: msa1. -->
 *     <selector>msa1</selector>
 *     <!-- The signatures, one per algorithm. Default: rsa-sha256 ed25519-sha256 (the Ed25519 key's selector is
 *          the RSA one's followed by -ed25519: msa1-ed25519). -->
 *     <algorithms>rsa-sha256 ed25519-sha256</algorithms>
 * </mailet>
 * }</pre>
 */
public class DkimSigning extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(DkimSigning.class);
    /** RFC 6376 5.4.1's recommended set; the trace headers (Received, X-MSA-Trace) are not signed. */
    static final String SIGNED_HEADERS = "From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:"
        + "Content-Transfer-Encoding:In-Reply-To:References:List-Id:List-Unsubscribe";

    private final DomainList domains;
    private final Optional<SharedDkimKeys> shared;
    /** Each domain's signer per algorithm, made again when the domain's key in use changes (a rotation). */
    private final Map<String, Signer> signers = new ConcurrentHashMap<>();
    private List<DkimKey.Algorithm> algorithms;
    private DkimKeys keys;

    private static final class Signer {
        final DkimKey key;
        final String template;
        final DKIMSigner signer;

        Signer(DkimKey key, String template, DKIMSigner signer) {
            this.key = key;
            this.template = template;
            this.signer = signer;
        }
    }

    /** The header fields of a message as jDKIM reads them: each whole field, folded as it is, by name. */
    private static final class HeaderFields implements Headers {
        private final List<String> fields = new ArrayList<>();
        private final Map<String, List<String>> byName = new HashMap<>();

        HeaderFields(List<String> lines) {
            for (String line : lines) {
                String name = line.substring(0, Math.max(line.indexOf(':'), 0)).strip();
                fields.add(name);
                byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).add(line);
            }
        }

        @Override
        public List<String> getFields() {
            return fields;
        }

        @Override
        public List<String> getFields(String name) {
            return byName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    /** One pass over the body feeds every signature's body hash. */
    private static final class Tee extends OutputStream {
        private final List<OutputStream> outputs;

        Tee(List<OutputStream> outputs) {
            this.outputs = outputs;
        }

        @Override
        public void write(int b) throws IOException {
            for (OutputStream out : outputs) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            for (OutputStream out : outputs) {
                out.write(bytes, offset, length);
            }
        }

        /** Closing a body hasher's stream ends its canonical body: the hash is complete only then. */
        @Override
        public void close() throws IOException {
            for (OutputStream out : outputs) {
                out.close();
            }
        }
    }


    public DkimSigning(DomainList domains) {
        this(domains, Optional.empty());
    }

    @Inject
    public DkimSigning(DomainList domains, Optional<SharedDkimKeys> shared) {
        this.domains = domains;
        this.shared = shared;
    }

    @Override
    public void init() throws MessagingException {
        Settings settings = Settings.ofMailet(getMailetConfig(), List.of("keyDirectory", "selector", "algorithms"));
        algorithms = settings.get("algorithms", ValueType.of("rsa-sha256 and/or ed25519-sha256, separated by spaces", DkimSigning::algorithms),
            List.of(DkimKey.Algorithm.RSA, DkimKey.Algorithm.ED25519));
        if (algorithms.contains(DkimKey.Algorithm.ED25519)) {
            DkimEd25519Provider.install();
        }
        FolderDkimKeys folder = new FolderDkimKeys(Path.of(settings.get("keyDirectory", ValueType.TEXT, "var/dkim")),
            settings.get("selector", ValueType.of("a DNS label (letters, digits, hyphens)",
                text -> Optional.of(text).filter(t -> DkimKey.SELECTOR.matcher(t).matches())), FolderDkimKeys.DEFAULT_SELECTOR));
        keys = shared.map(store -> {
            LOGGER.info("DKIM keys: one per domain for every node, in {}; a domain's first key comes from {}", store.location(), folder);
            return store.over(folder);
        }).orElse(folder);
        try {
            for (Domain domain : domains.getDomains()) {
                for (DkimKey.Algorithm algorithm : algorithms) {
                    signerFor(domain.asString(), algorithm);
                }
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
        MimeMessage message = mail.getMessage();
        List<String> lines = Collections.list(message.getAllHeaderLines());
        Headers headers = new HeaderFields(lines);
        List<Signer> signers = new ArrayList<>();
        List<BodyHasher> hashers = new ArrayList<>();
        try {
            for (DkimKey.Algorithm algorithm : algorithms) {
                Signer signer = signerFor(domain.get(), algorithm);
                signers.add(signer);
                hashers.add(signer.signer.newBodyHasher(signer.signer.newSignatureRecordTemplate(signer.template)));
            }
            try (InputStream body = message.getRawInputStream();
                 OutputStream hashes = new CRLFOutputStream(new Tee(hashers.stream().map(BodyHasher::getOutputStream)
                     .collect(java.util.stream.Collectors.toList())))) {
                body.transferTo(hashes);
            }
            // The signatures in the order of the algorithms listed: the first is read first.
            List<String> signatures = new ArrayList<>();
            for (int i = 0; i < signers.size(); i++) {
                signatures.add(signers.get(i).signer.sign(headers, hashers.get(i)));
            }
            mail.setMessage(TraceHeadersFirst.ordered(mail.getName(), message, lines, signatures));
        } catch (IOException | PermFailException e) {
            throw new MessagingException("cannot sign message " + mail.getName() + " for " + domain.get() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<List<DkimKey.Algorithm>> algorithms(String text) {
        try {
            List<DkimKey.Algorithm> named = java.util.Arrays.stream(text.split("[\\s,]+")).filter(word -> !word.isEmpty())
                .map(DkimKey.Algorithm::named).distinct().collect(java.util.stream.Collectors.toUnmodifiableList());
            return named.isEmpty() ? Optional.empty() : Optional.of(named);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
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

    private Signer signerFor(String domain, DkimKey.Algorithm algorithm) throws MessagingException {
        DkimKey key;
        try {
            key = keys.inUse(domain, algorithm);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new MessagingException("DKIM " + algorithm.keyType() + " key of " + domain + " in " + keys + " cannot be used: "
                + e.getMessage(), e);
        }
        String slot = algorithm.slotOf(domain);
        Signer current = signers.get(slot);
        if (current != null && current.key.equals(key)) {
            return current;
        }
        String template = "v=1; a=" + key.algorithm().signature() + "; c=relaxed/relaxed; d=" + domain + "; s=" + key.selector()
            + "; h=" + SIGNED_HEADERS + "; bh=; b=;";
        try {
            Signer made = new Signer(key, template, new DKIMSigner(template, key.privateKey()));
            signers.put(slot, made);
            return made;
        } catch (GeneralSecurityException e) {
            throw new MessagingException("DKIM " + algorithm.keyType() + " key of " + domain + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "DKIM signatures of authenticated submissions, one key per local domain";
    }
}
