package org.jamesmsa.contracts;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Changes of the shared stores (accounts, aliases) told to whoever keeps copies of them: the caches of this node, and
 * with several nodes on one database, those of the others, so that a password changed or an account deleted through
 * any node's webadmin is enforced by every node at once instead of after the caches' time to live. This class tells
 * this node only; the Redis implementation tells every node subscribed to the same Redis.
 */
public class StoreChanges {
    /** Accounts: the subject is the user name. */
    public static final String USERS = "users";
    /** Aliases and domain mappings: the subject is the mapping source. */
    public static final String ALIASES = "aliases";

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private static final class Listener {
        final String store;
        final Consumer<String> forget;

        Listener(String store, Consumer<String> forget) {
            this.store = store;
            this.forget = forget;
        }
    }

    /** Tells every node, this one included, that {@code subject} of {@code store} changed. */
    public void announce(String store, String subject) {
        changed(store, subject);
    }

    /** Runs {@code forget} with the subject of every change of {@code store}, made here or on another node. */
    public void onChange(String store, Consumer<String> forget) {
        listeners.add(new Listener(store, forget));
    }

    /** A change was made, here or (for a subclass that hears them) on another node. */
    protected final void changed(String store, String subject) {
        for (Listener listener : listeners) {
            if (listener.store.equals(store)) {
                listener.forget.accept(subject);
            }
        }
    }
}
