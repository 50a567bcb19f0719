package org.jamesmsa.mailets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys in a folder of this node, {@code <folder>/<domain>/}: {@code <selector>.pem} (made on first use), the record to
 * publish beside it, {@code <selector>._domainkey.<domain>.txt}, and optionally {@code selector}, a file naming the
 * selector in use: rotating a key is making one, publishing it, then writing its selector there, read again at the
 * next message. The Ed25519 key is the same with {@code selector-ed25519}, and its default selector is the RSA one's
 * followed by {@code -ed25519}.
 */
public final class FolderDkimKeys implements DkimKeys {
    /** The selector of a domain's first key when its folder names none. */
    public static final String DEFAULT_SELECTOR = "msa1";
    private static final Logger LOGGER = LoggerFactory.getLogger(FolderDkimKeys.class);
    private static final String SELECTOR_FILE = "selector";
    private static final String ED25519_SUFFIX = "-ed25519";

    private final Path folder;
    private final String defaultSelector;
    /** A domain's key of an algorithm ({@link DkimKey.Algorithm#slotOf}), and the selector file's time when it was read. */
    private final Map<String, Read> read = new ConcurrentHashMap<>();

    private static final class Read {
        final DkimKey key;
        final Optional<FileTime> selectorFileTime;

        Read(DkimKey key, Optional<FileTime> selectorFileTime) {
            this.key = key;
            this.selectorFileTime = selectorFileTime;
        }
    }

    public FolderDkimKeys(Path folder, String defaultSelector) {
        this.folder = folder;
        this.defaultSelector = defaultSelector;
    }

    public Path folder() {
        return folder;
    }

    @Override
    public DkimKey inUse(String domain, DkimKey.Algorithm algorithm) throws IOException, GeneralSecurityException {
        Path domainFolder = folder.resolve(domain);
        Optional<FileTime> selectorTime = modified(domainFolder.resolve(selectorFile(algorithm)));
        String slot = algorithm.slotOf(domain);
        Read current = read.get(slot);
        if (current != null && current.selectorFileTime.equals(selectorTime)) {
            return current.key;
        }
        synchronized (this) {
            current = read.get(slot);
            if (current == null || !current.selectorFileTime.equals(selectorTime)) {
                current = new Read(readOrMake(domain, domainFolder, algorithm), selectorTime);
                read.put(slot, current);
            }
            return current.key;
        }
    }


    /**
     * The key this folder holds for {@code domain}, else a new one under the default selector that is not written
     * here: what a shared store takes when it has none ({@link SharedDkimKeys}).
     */
    public DkimKey existingOrNew(String domain, DkimKey.Algorithm algorithm) throws IOException, GeneralSecurityException {
        Optional<DkimKey> existing = existing(domain, algorithm);
        return existing.isPresent() ? existing.get() : DkimKey.generate(defaultSelector(algorithm), algorithm);
    }

    /** The key this folder holds for {@code domain} under its selector in use, without making one. */
    public Optional<DkimKey> existing(String domain, DkimKey.Algorithm algorithm) throws IOException {
        Path domainFolder = folder.resolve(domain);
        String selector = selectorOf(domainFolder, algorithm);
        Path pem = domainFolder.resolve(selector + ".pem");
        if (!Files.exists(pem)) {
            return Optional.empty();
        }
        DkimKey key;
        try {
            key = new DkimKey(selector, Files.readString(pem, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IOException(pem + ": " + e.getMessage(), e);
        }
        if (key.algorithm() != algorithm) {
            throw new IOException(pem + " is an " + key.algorithm().keyType() + " key where the " + algorithm.keyType()
                + " key is expected (" + selectorFile(algorithm) + ")");
        }
        return Optional.of(key);
    }

    private DkimKey readOrMake(String domain, Path domainFolder, DkimKey.Algorithm algorithm) throws IOException, GeneralSecurityException {
        Optional<DkimKey> existing = existing(domain, algorithm);
        DkimKey key;
        if (existing.isPresent()) {
            key = existing.get();
        } else {
            key = DkimKey.generate(selectorOf(domainFolder, algorithm), algorithm);
            write(domainFolder, domainFolder.resolve(key.selector() + ".pem"), key);
            LOGGER.warn("New DKIM key for {}: publish this record in DNS (also in {}):\n{}", domain,
                domainFolder.resolve(recordFile(key.selector(), domain)), key.publishedRecord(domain));
        }
        Path record = domainFolder.resolve(recordFile(key.selector(), domain));
        if (!Files.exists(record)) {
            Files.writeString(record, key.publishedRecord(domain));
        }
        return key;
    }

    private static String selectorFile(DkimKey.Algorithm algorithm) {
        return algorithm == DkimKey.Algorithm.RSA ? SELECTOR_FILE : SELECTOR_FILE + ED25519_SUFFIX;
    }

    private String defaultSelector(DkimKey.Algorithm algorithm) {
        return algorithm == DkimKey.Algorithm.RSA ? defaultSelector : defaultSelector + ED25519_SUFFIX;
    }

    private String selectorOf(Path domainFolder, DkimKey.Algorithm algorithm) throws IOException {
        Path file = domainFolder.resolve(selectorFile(algorithm));
        if (!Files.exists(file)) {
            return defaultSelector(algorithm);
        }
        String selector = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!DkimKey.SELECTOR.matcher(selector).matches()) {
            throw new IOException(file + " does not name a selector: '" + selector + "'");
        }
        return selector;
    }

    /** Readable by the server's user alone, and whole or absent: written aside, then moved into place. */
    private static void write(Path domainFolder, Path pem, DkimKey key) throws IOException {
        Files.createDirectories(domainFolder);
        Path written = Files.createTempFile(domainFolder, ".dkim-key", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(written, key.privatePem(), StandardCharsets.US_ASCII);
        Files.move(written, pem);
    }

    private static String recordFile(String selector, String domain) {
        return selector + "._domainkey." + domain + ".txt";
    }

    private static Optional<FileTime> modified(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file));
        } catch (IOException absent) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return folder.toString();
    }
}
