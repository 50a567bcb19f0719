package org.jamesmsa.csv;

/** Which reading of the {@code _client._smtp} SRV record a listener applies. */
public enum Profile {
    /**
     * draft-crocker-marid-smtp-validate-00: exactly one record, target = the name, weight 0; priority 1 authorizes,
     * 2 prohibits; the address is associated through forward-confirmed reverse DNS (or forward records for
     * well-known domains).
     */
    CSV,
    /**
     * draft-ietf-marid-csv-csa-02, as Exim's {@code verify = csa} applies it: priority 1 is the version; weight 1
     * not authorized, 2 authorized, 3 unknown; the target's addresses must hold the client's; parent domains may
     * require explicit authorization (port bit 1); address literals are checked through their reverse name.
     */
    CSA;
}
