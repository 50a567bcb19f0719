package org.jamesmsa.mailets;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.transport.mailets.RemoteDelivery;
import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.james.transport.mailets.remote.delivery.MailDelivrer;
import org.apache.james.transport.mailets.remote.delivery.MailDelivrerToHost;
import org.apache.james.transport.mailets.remote.delivery.RemoteDeliveryConfiguration;
import org.apache.mailet.MailetConfig;
import org.jamesmsa.contracts.MsaMetrics;

/**
 * James's RemoteDelivery, with the smarthost settings an operator writes as variables: a parameter left empty is
 * absent (James would try AUTH with an empty login), and towards a smarthost ({@code gateway}) STARTTLS is
 * required and its certificate verified unless {@code gatewayTls} is {@code none}, against the PEM authorities of
 * {@code gatewayCa} when given (a private relay) or the JVM's. Every other parameter is RemoteDelivery's. Every
 * deferred or bounced delivery is logged and counted ({@link OutboundAttempts}).
 *
 * <pre>{@code
 * <mailet match="All" class="org.jamesmsa.mailets.OutboundDelivery">
 *     <gateway>relay.example.net:587</gateway>
 *     <gatewayUsername>msa@example.org</gatewayUsername>
 *     <gatewayPassword>...</gatewayPassword>
 *     <!-- required (default): STARTTLS and a verified certificate, or no delivery; none: plain SMTP. -->
 *     <gatewayTls>required</gatewayTls>
 *     <!-- PEM certificates of the authorities of the relay's certificate. Default: the JVM's. -->
 *     <gatewayCa>/etc/james-msa/relay-ca.pem</gatewayCa>
 *     <!-- true: REQUIRETLS (RFC 8689) for every message, to MX hosts and smarthost alike: verified TLS to a next hop
 *          that offers REQUIRETLS, or a 5.7.10 failure (transport.requiretls.SMTPTransport). Default: false. -->
 *     <requireTls>false</requireTls>
 *     ... RemoteDelivery's parameters ...
 * </mailet>
 * }</pre>
 */
public class OutboundDelivery extends RemoteDelivery {
    static final String GATEWAY_TLS = "gatewayTls";
    static final String GATEWAY_CA = "gatewayCa";
    static final String REQUIRE_TLS = "requireTls";

    private final DNSService dnsServer;
    private final DomainList domainList;
    private final MailQueueFactory<?> queueFactory;
    private final MetricFactory metricFactory;
    private final MsaMetrics metrics;
    private OutboundAttempts attempts;

    /** RemoteDelivery queues; {@link OutboundAttempts} delivers, in place of James's runner, and logs every failure. */
    @Inject
    public OutboundDelivery(DNSService dnsServer, DomainList domainList, MailQueueFactory<?> queueFactory, MetricFactory metricFactory,
                            MsaMetrics metrics) {
        super(dnsServer, domainList, queueFactory, metricFactory, ThreadState.DO_NOT_START_THREADS);
        this.dnsServer = dnsServer;
        this.domainList = domainList;
        this.queueFactory = queueFactory;
        this.metricFactory = metricFactory;
        this.metrics = metrics;
    }

    @Override
    public void init(MailetConfig config) throws MessagingException {
        super.init(effective(config));
        RemoteDeliveryConfiguration configuration = new RemoteDeliveryConfiguration(getMailetConfig(), domainList);
        Bouncer bouncer = new Bouncer(configuration, getMailetContext());
        attempts = new OutboundAttempts(queueFactory.createQueue(configuration.getOutGoingQueueName()), configuration,
            new MailDelivrer(configuration, new MailDelivrerToHost(configuration, getMailetContext()), dnsServer, bouncer,
                getMailetContext()),
            bouncer, getMailetContext(), metricFactory, metrics, Clock.systemUTC());
        attempts.start();
    }

    @Override
    public void destroy() {
        if (attempts != null) {
            attempts.dispose();
        }
        super.destroy();
    }

    /** The parameters RemoteDelivery gets: the written ones without the empty ones, and the TLS ones they imply. */
    static MailetConfig effective(MailetConfig config) throws MessagingException {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Iterator<String> names = config.getInitParameterNames(); names.hasNext(); ) {
            String name = names.next();
            String value = config.getInitParameter(name);
            if (value != null && !value.isBlank()) {
                parameters.put(name, value.strip());
            }
        }
        String tls = Optional.ofNullable(parameters.remove(GATEWAY_TLS)).orElse("required");
        Optional<String> ca = Optional.ofNullable(parameters.remove(GATEWAY_CA));
        String requireTls = Optional.ofNullable(parameters.remove(REQUIRE_TLS)).orElse("false");
        if (!requireTls.equals("true") && !requireTls.equals("false")) {
            throw new MessagingException("mailetcontainer.xml: <" + REQUIRE_TLS + "> of mailet " + config.getMailetName()
                + " has value '" + requireTls + "'; allowed values: true, false");
        }
        if (requireTls.equals("true")) {
            if (tls.equals("none")) {
                throw new MessagingException("mailetcontainer.xml: mailet " + config.getMailetName() + " has <" + REQUIRE_TLS
                    + "> true and <" + GATEWAY_TLS + "> none: REQUIRETLS cannot leave in clear");
            }
            // TLS is checked by the transport, which fails for good (5.7.10) where starttls.required would retry.
            verifiedTls(parameters, ca);
            parameters.put("mail.smtp.class", org.jamesmsa.mailets.transport.requiretls.SMTPTransport.class.getName());
            return new GivenParameters(config.getMailetName(), config.getMailetContext(), parameters);
        }
        if (!tls.equals("required") && !tls.equals("none")) {
            throw new MessagingException("mailetcontainer.xml: <" + GATEWAY_TLS + "> of mailet " + config.getMailetName()
                + " has value '" + tls + "'; allowed values: required, none");
        }
        parameters.put("mail.smtp.class", org.jamesmsa.mailets.transport.SMTPTransport.class.getName());
        if (parameters.containsKey("gateway") && tls.equals("required")) {
            verifiedTls(parameters, ca);
            parameters.put("mail.smtp.starttls.required", "true");
        }
        return new GivenParameters(config.getMailetName(), config.getMailetContext(), parameters);
    }

    /** STARTTLS with the certificate verified, against the authorities of {@code ca} when given, else the JVM's. */
    private static void verifiedTls(Map<String, String> parameters, Optional<String> ca) throws MessagingException {
        parameters.put("startTLS", "true");
        parameters.put("verifyServerIdentity", "true");
        if (ca.isPresent()) {
            SmarthostTrust.trust(java.nio.file.Path.of(ca.get()));
            parameters.put("mail.smtp.ssl.socketFactory.class", SmarthostTrust.class.getName());
        }
    }
}
