package org.jamesmsa.mailets;

import java.io.IOException;
import java.security.GeneralSecurityException;

/**
 * Where {@link DkimSigning} finds each domain's key: a folder of this node ({@link FolderDkimKeys}, the default), or
 * a store every node shares ({@link SharedDkimKeys}), so that a cluster signs with one published key per domain.
 */
public interface DkimKeys {

    /** The key {@code domain} signs with now with {@code algorithm}; a domain without one gets one, made and kept here. */
    DkimKey inUse(String domain, DkimKey.Algorithm algorithm) throws IOException, GeneralSecurityException;
}
