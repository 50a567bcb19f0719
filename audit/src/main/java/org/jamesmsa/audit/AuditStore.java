package org.jamesmsa.audit;

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

    /** Where an operator finds the records (a folder, a database URL): named in errors and logs. */
    String location();

    /** Keeps what is queued, then stops. */
    @Override
    void close();
}
