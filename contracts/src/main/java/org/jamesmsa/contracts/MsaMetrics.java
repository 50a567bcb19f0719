package org.jamesmsa.contracts;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;

/**
 * The bundle's metrics, all named {@code msa_*}, kept by James's metric factory and served with James's own at
 * webadmin {@code GET /metrics} (Prometheus text). James's metrics have no labels, so a label is the name's last
 * part: {@code msa_auth_failure_plain}, {@code msa_limit_refused_user_hourly}, {@code msa_csv_pass}. Every name is
 * here, so that the operator guide's list and the code cannot drift apart.
 */
@Singleton
public class MsaMetrics {
    private final MetricFactory metrics;
    private final GaugeRegistry gauges;
    private final Map<String, Metric> counters = new ConcurrentHashMap<>();

    @Inject
    public MsaMetrics(MetricFactory metrics, GaugeRegistry gauges) {
        this.metrics = metrics;
        this.gauges = gauges;
    }

    /** {@code msa_auth_success_<mechanism>}. */
    public void authSucceeded(String mechanism) {
        count("msa_auth_success_" + label(mechanism));
    }

    /** {@code msa_auth_failure_<mechanism>}: wrong credentials, refused tokens and certificates. */
    public void authFailed(String mechanism) {
        count("msa_auth_failure_" + label(mechanism));
    }

    /** {@code msa_auth_refused_cooldown} (454 4.7.0) and {@code msa_auth_refused_session_closed} (421 4.7.0). */
    public void authRefused(String why) {
        count("msa_auth_refused_" + label(why));
    }

    /** {@code msa_limit_refused_<limit>}: a sending limit refused a MAIL or RCPT. */
    public void limitRefused(String limit) {
        count("msa_limit_refused_" + label(limit));
    }

    /** {@code msa_deadline_closed_<phase>}: a session closed for not completing a command or a message in time. */
    public void deadlineClosed(String phase) {
        count("msa_deadline_closed_" + label(phase));
    }

    /** {@code msa_csv_<verdict>}: one per validated EHLO name. */
    public void csvVerdict(String verdict) {
        count("msa_csv_" + label(verdict));
    }

    /** {@code msa_audit_write}: the time to make a record durable (a summary with quantiles). */
    public TimeMetric auditWrite() {
        return metrics.timer("msa_audit_write");
    }

    /** {@code msa_audit_write_failures}: records that could not be written; their messages are held. */
    public void auditWriteFailed() {
        count("msa_audit_write_failures");
    }

    /** {@code msa_audit_unavailable_refused}: messages refused 451 4.3.0 while the audit store could not write. */
    public void auditUnavailableRefused() {
        count("msa_audit_unavailable_refused");
    }

    /** {@code msa_audit_reprocessed}: held messages sent through again once records could be written. */
    public void auditReprocessed() {
        count("msa_audit_reprocessed");
    }

    /**
     * {@code msa_delivery_deferred_<reason>}: an outbound delivery that failed for now and waits for its next try
     * ({@code starttls_not_offered}, {@code certificate_not_trusted}, {@code reply_4xx}, {@code connection_failed}, ...).
     */
    public void deliveryDeferred(String reason) {
        count("msa_delivery_deferred_" + label(reason));
    }

    /** {@code msa_delivery_bounced_<reason>}: an outbound delivery given up; the sender gets a bounce. */
    public void deliveryBounced(String reason) {
        count("msa_delivery_bounced_" + label(reason));
    }

    /** {@code msa_redis_unavailable}: limit counts Redis did not answer, made in this node instead. */
    public void redisUnavailable() {
        count("msa_redis_unavailable");
    }

    /** {@code msa_audit_held_messages}: messages waiting because their record could not be written. */
    public void heldMessages(Supplier<Long> held) {
        gauges.register("msa_audit_held_messages", held::get);
    }

    private void count(String name) {
        counters.computeIfAbsent(name, metrics::generate).increment();
    }

    private static String label(String text) {
        String label = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return label.isEmpty() ? "unknown" : label;
    }
}
