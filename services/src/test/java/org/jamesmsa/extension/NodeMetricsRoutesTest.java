package org.jamesmsa.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.codahale.metrics.MetricRegistry;

import io.prometheus.client.Collector.MetricFamilySamples;

class NodeMetricsRoutesTest {

    @Test
    void everySampleNamesTheNode() {
        MetricRegistry registry = new MetricRegistry();
        registry.counter("msa_auth_success").inc(3);
        registry.timer("msa_audit_write");

        var families = new NodeMetricsRoutes(registry, "msa-2").labelled(Set.of());

        assertThat(families).extracting(family -> family.name).contains("msa_auth_success", "msa_audit_write");
        assertThat(families).flatExtracting(family -> family.samples).isNotEmpty().allSatisfy(sample -> {
            assertThat(sample.labelNames).endsWith("node");
            assertThat(sample.labelValues).endsWith("msa-2");
        });
        MetricFamilySamples counter = families.stream().filter(family -> family.name.equals("msa_auth_success")).findFirst().orElseThrow();
        assertThat(counter.samples.get(0).value).isEqualTo(3.0);
    }

    @Test
    void namesSelectMetricsAsJamesDoes() {
        MetricRegistry registry = new MetricRegistry();
        registry.counter("msa_auth_success");
        registry.counter("msa_auth_failure");

        assertThat(new NodeMetricsRoutes(registry, "n1").labelled(Set.of("msa_auth_failure")))
            .extracting(family -> family.name).containsExactly("msa_auth_failure");
    }
}
