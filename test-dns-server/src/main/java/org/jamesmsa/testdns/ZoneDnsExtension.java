package org.jamesmsa.testdns;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A {@link ZoneDnsServer} for one test class, with its query log cleared before each test. */
public final class ZoneDnsExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final String[] origins;
    private ZoneDnsServer server;

    public ZoneDnsExtension(String... origins) {
        this.origins = origins;
    }

    public ZoneDnsServer server() {
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = ZoneDnsServer.start(origins);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.clearLog();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }
}
