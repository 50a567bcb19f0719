package org.jamesmsa.contracts;

import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;

/** The bundle's metrics over James's recording metric factory, so that a test reads what was counted. */
public final class TestMetrics {
    public final RecordingMetricFactory recorded = new RecordingMetricFactory();
    public final MsaMetrics metrics = new MsaMetrics(recorded, new NoopGaugeRegistry());

    public int count(String name) {
        return recorded.countFor(name);
    }
}
