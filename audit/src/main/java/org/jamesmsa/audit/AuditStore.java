package org.jamesmsa.audit;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Where audit records go. An implementation completes the future only once the record is durable (on disk, in a
 * database commit, ...) and chained to the record before it, or exceptionally when it could not be kept: the
 * message of a record that failed is not released. {@link AuditLog} is the default, a folder of daily files; another
 * backend implements this interface and is bound in place of it in the Guice module.
 */
public interface AuditStore extends AutoCloseable {

    /** @return completes with the record's hash once it is durable, or exceptionally when it could not be kept */
    CompletableFuture<String> append(AuditRecord record);

    /**
     * Makes a few bytes durable where records go, outside the chain, as a record would be made durable: succeeds
     * when a record could be kept now. Asked while records fail (a full disk, a database away), so that the server
     * notices by itself that the store is back, with no message to risk on it.
     *
     * @throws IOException why nothing can be kept now
     */
    void probe() throws IOException;

    /** Where an operator finds the records (a folder, a database URL): named in errors and logs. */
    String location();

    /** Keeps what is queued, then stops. */
    @Override
    void close();
}
