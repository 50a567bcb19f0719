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
 * next message.
 */
public final class FolderDkimKeys implements DkimKeys {
    /** The selector of a domain's first key when its folder names none. */
    public static final String DEFAULT_SELECTOR = "msa1";
    private static final Logger LOGGER = LoggerFactory.getLogger(FolderDkimKeys.class);
    private static final String SELECTOR_FILE = "selector";

    private final Path folder;
    private final String defaultSelector;
    /** A domain's key, and the selector file's time when it was read. */
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
    public DkimKey inUse(String domain) throws IOException, GeneralSecurityException {
        Path domainFolder = folder.resolve(domain);
        Optional<FileTime> selectorTime = modified(domainFolder.resolve(SELECTOR_FILE));
        Read current = read.get(domain);
        if (current != null && current.selectorFileTime.equals(selectorTime)) {
            return current.key;
        }
        synchronized (this) {
            current = read.get(domain);
            if (current == null || !current.selectorFileTime.equals(selectorTime)) {
                current = new Read(readOrMake(domain, domainFolder), selectorTime);
                read.put(domain, current);
            }
            return current.key;
        }
    }

    /**
     * The key this folder holds for {@code domain}, else a new one under the default selector that is not written
     * here: what a shared store takes when it has none ({@link SharedDkimKeys}).
     */
    public DkimKey existingOrNew(String domain) throws IOException, GeneralSecurityException {
        Optional<DkimKey> existing = existing(domain);
        return existing.isPresent() ? existing.get() : DkimKey.generate(defaultSelector);
    }

    /** The key this folder holds for {@code domain} under its selector in use, without making one. */
    public Optional<DkimKey> existing(String domain) throws IOException {
        Path domainFolder = folder.resolve(domain);
        String selector = selectorOf(domainFolder);
        Path pem = domainFolder.resolve(selector + ".pem");
        return Files.exists(pem) ? Optional.of(new DkimKey(selector, Files.readString(pem, StandardCharsets.US_ASCII)))
            : Optional.empty();
    }

    private DkimKey readOrMake(String domain, Path domainFolder) throws IOException, GeneralSecurityException {
        Optional<DkimKey> existing = existing(domain);
        DkimKey key;
        if (existing.isPresent()) {
            key = existing.get();
        } else {
            key = DkimKey.generate(selectorOf(domainFolder));
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

    private String selectorOf(Path domainFolder) throws IOException {
        Path file = domainFolder.resolve(SELECTOR_FILE);
        if (!Files.exists(file)) {
            return defaultSelector;
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
