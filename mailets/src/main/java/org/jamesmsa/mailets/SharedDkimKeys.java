package org.jamesmsa.mailets;

/**
 * A DKIM key store shared by the nodes of a service (the packaged server binds one on PostgreSQL), seen by
 * {@link DkimSigning} in place of its folder. Bound optionally: without it, each node keeps keys in its folder.
 */
public interface SharedDkimKeys {

    /**
     * The shared keys. A domain the store has no key for takes the one {@code local} holds, or a new one, so that a
     * node that joins a cluster keeps signing with the key it published; the first node to ask decides for all.
     */
    DkimKeys over(FolderDkimKeys local);

    /** Where the keys are, for the log. */
    String location();
}
