package org.jamesmsa.mailets;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;

/**
 * Which queued messages were handed to which local mailbox, kept in the mailbox's own database: what lets a message
 * delivered just before a crash, and taken from the queue again after it, reach each mailbox once.
 */
public interface LocalDeliveries {

    /**
     * Records that the queued message {@code mailName} is about to be stored for {@code recipient}.
     *
     * @return true the first time; false when it was recorded before, so the message may already be in the mailbox
     */
    boolean claim(String mailName, MailAddress recipient) throws MessagingException;
}
