package org.jamesmsa.server;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;

/**
 * The connection to the ActiveMQ brokers that several nodes share (MSA_BROKER_URL), set as James's embedded broker's is
 * (prefetch 0, no trusted packages beyond James's) and bounded in time: a send that finds no broker fails after the
 * failover transport's {@code timeout}, and one that a broker does not answer after {@link #SEND_TIMEOUT_MILLIS}, so
 * that the end of DATA gets {@code 451} instead of hanging (James sends on the SMTP thread).
 */
final class ExternalBroker {
    static final int SEND_TIMEOUT_MILLIS = 10_000;
    /**
     * Failover options that the URL does not set itself: brokers tried in the order given (master first), reconnection
     * within two seconds, a send waiting at most five seconds for a broker, and a start that gives up after about a
     * minute without one (the node exits, and the log says why).
     */
    static final Map<String, String> FAILOVER_DEFAULTS = defaults();

    private ExternalBroker() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("randomize", "false");
        defaults.put("initialReconnectDelay", "100");
        defaults.put("maxReconnectDelay", "2000");
        defaults.put("timeout", "5000");
        defaults.put("startupMaxReconnectAttempts", "30");
        return defaults;
    }

    static ConnectionFactory connectionFactory(String url) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(withDefaults(url));
        factory.setTrustAllPackages(false);
        ActiveMQPrefetchPolicy prefetch = new ActiveMQPrefetchPolicy();
        // A consumer holds no message it is not processing: a node that dies holds none, the others take them all.
        prefetch.setQueuePrefetch(0);
        prefetch.setTopicPrefetch(0);
        factory.setPrefetchPolicy(prefetch);
        factory.setSendTimeout(SEND_TIMEOUT_MILLIS);
        return factory;
    }

    /** {@code failover:(tcp://a:61616,tcp://b:61616)} with the {@link #FAILOVER_DEFAULTS} it does not set. */
    static String withDefaults(String url) {
        int options = url.indexOf('?', url.lastIndexOf(')') + 1);
        StringBuilder result = new StringBuilder(url);
        char separator = options < 0 ? '?' : '&';
        String query = options < 0 ? "" : url.substring(options + 1);
        for (Map.Entry<String, String> option : FAILOVER_DEFAULTS.entrySet()) {
            if (!("&" + query).contains("&" + option.getKey() + "=")) {
                result.append(separator).append(option.getKey()).append('=').append(option.getValue());
                separator = '&';
            }
        }
        return result.toString();
    }
}
