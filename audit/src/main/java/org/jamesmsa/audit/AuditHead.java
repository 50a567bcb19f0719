package org.jamesmsa.audit;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Where the chain stands: the last record's sequence number and hash, the file it is in, how many lines that file
 * holds, and whether it was sealed. The writer thread keeps one; {@link AuditFiles#recoverHead} rebuilds it at start.
 */
final class AuditHead {
    static final AuditHead EMPTY = new AuditHead(0, AuditChain.GENESIS, Optional.empty(), 0, false);

    final long seq;
    final String hash;
    final Optional<LocalDate> day;
    final long linesInFile;
    final boolean sealed;

    AuditHead(long seq, String hash, Optional<LocalDate> day, long linesInFile, boolean sealed) {
        this.seq = seq;
        this.hash = hash;
        this.day = day;
        this.linesInFile = linesInFile;
        this.sealed = sealed;
    }

    /** After {@code lines} more lines in the file of {@code day}, the last one hashed {@code lastHash}. */
    AuditHead after(LocalDate day, long lines, String lastHash, boolean sealing) {
        boolean sameFile = this.day.map(day::equals).orElse(false);
        return new AuditHead(seq + lines, lastHash, Optional.of(day), (sameFile ? linesInFile : 0) + lines, sealing);
    }

    Optional<String> fileName() {
        return day.map(AuditFiles::nameFor);
    }
}
