package org.jamesmsa.extension;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.jamesmsa.contracts.NodeId;

import com.codahale.metrics.MetricRegistry;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.exporter.common.TextFormat;
import spark.Service;

/**
 * James's {@code GET /metrics} (Prometheus text of every James and {@code msa_*} metric), each sample labelled
 * {@code node="<MSA_NODE_ID>"}: the figures of several nodes gathered in one Prometheus or one file stay apart without
 * relying on the scraper's {@code instance}. In webadmin.properties {@code extensions.routes} in place of James's
 * {@code MetricsRoutes}; {@code name[]} selects metrics as there.
 */
public class NodeMetricsRoutes implements PublicRoutes {
    public static final String BASE = "/metrics";
    static final String LABEL = "node";

    private final DropwizardExports exports;
    private final String node;

    @Inject
    public NodeMetricsRoutes(MetricRegistry registry) {
        this(registry, NodeId.current());
    }

    NodeMetricsRoutes(MetricRegistry registry, String node) {
        this.exports = new DropwizardExports(registry);
        this.node = node;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE, (request, response) -> {
            String[] names = request.queryParamsValues("name[]");
            Set<String> wanted = names == null ? Set.of() : Set.of(names);
            response.type(TextFormat.CONTENT_TYPE_004);
            StringWriter text = new StringWriter();
            TextFormat.write004(text, Collections.enumeration(labelled(wanted)));
            return text.toString();
        });
    }

    List<MetricFamilySamples> labelled(Set<String> wanted) {
        return exports.collect().stream()
            .filter(family -> wanted.isEmpty() || wanted.contains(family.name))
            .map(family -> new MetricFamilySamples(family.name, family.type, family.help,
                family.samples.stream().map(this::labelled).collect(Collectors.toList())))
            .collect(Collectors.toList());
    }

    private Sample labelled(Sample sample) {
        List<String> names = new ArrayList<>(sample.labelNames);
        List<String> values = new ArrayList<>(sample.labelValues);
        names.add(LABEL);
        values.add(node);
        return new Sample(sample.name, names, values, sample.value, sample.timestampMs);
    }
}
