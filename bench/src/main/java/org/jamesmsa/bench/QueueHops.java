package org.jamesmsa.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MailImpl;
import org.jamesmsa.server.EmbeddedBroker;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * What one hop through the durable server's queue costs, without SMTP, TLS or mailets around it: James 3.8.1's
 * ActiveMQ mail queue on a broker made as the bundle makes its own ({@link EmbeddedBroker#configure}, KahaDB fsyncing
 * before it acknowledges), the journal on the disk given ({@code --journal}, default the temporary folder).
 * A message accepted by the bundle makes two hops (spool, then outgoing), each an enqueue by many threads and a
 * dequeue as James's spooler and RemoteDelivery take them (one at a time from the queue, handled 20 at once).
 *
 * <p>Each case runs on a fresh journal: James's own queue (the server's) and {@link SessionPerEnqueueQueues}, both
 * fsyncing before they acknowledge with prefetch 0 as the bundle's broker does; beside them prefetch 1, and what only a
 * measurement may do: a journal that never fsyncs (what the disk's flushes cost; it would lose messages answered
 * 250).</p>
 *
 * <pre>java -cp ... org.jamesmsa.bench.QueueHops [--messages 3000] [--size 4096] [--threads 16] [--journal DIR]</pre>
 */
public final class QueueHops {

    /** @param sessionPerEnqueue {@link SessionPerEnqueueQueues}, else James 3.8.1's own queues (the server's) */
    private record Case(String name, String sync, int prefetch, boolean sessionPerEnqueue) {
    }

    private record Result(Case hop, double enqueuedPerSecond, long enqueueP50Micros, long enqueueP99Micros,
                          double dequeuedPerSecond) {
    }

    private static final AtomicInteger RUNS = new AtomicInteger();

    private QueueHops() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>(Map.of("--messages", "3000", "--size", "4096", "--threads", "16",
            "--journal", System.getProperty("java.io.tmpdir")));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int messages = Integer.parseInt(options.get("--messages"));
        int threads = Integer.parseInt(options.get("--threads"));
        byte[] body = "x".repeat(Integer.parseInt(options.get("--size"))).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<Case> cases = List.of(new Case("James 3.8.1's queue (one session per queue; fsync before ack, prefetch 0)", "always", 0, false),
            new Case("James's queue, prefetch 1", "always", 1, false),
            new Case("a JMS session per concurrent enqueue (SessionPerEnqueueQueues)", "always", 0, true),
            new Case("a session per enqueue, no fsync (measurement only: loses accepted mail)", "never", 0, true));
        List<Result> results = new ArrayList<>();
        for (Case hop : cases) {
            // One warm-up pass on its own journal, then the measured one on a fresh journal.
            run(hop, Path.of(options.get("--journal")), Math.max(500, messages / 3), threads, body);
            results.add(run(hop, Path.of(options.get("--journal")), messages, threads, body));
        }
        System.out.printf("%nOne hop through James's ActiveMQ mail queue: %d messages of %d bytes, %d enqueuing threads, "
            + "the spooler's 20 handlers dequeuing; journal in %s%n", messages, body.length, threads, options.get("--journal"));
        System.out.println("| case | enqueued/s | enqueue p50 (us) | enqueue p99 (us) | dequeued and committed/s |");
        System.out.println("|---|---|---|---|---|");
        for (Result result : results) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %d | %d | %.0f |%n", result.hop().name(), result.enqueuedPerSecond(),
                result.enqueueP50Micros(), result.enqueueP99Micros(), result.dequeuedPerSecond());
        }
        // The queue's consumer threads outlive the brokers (James keeps its queue objects for reuse).
        System.exit(0);
    }

    private static Result run(Case hop, Path journalParent, int messages, int threads, byte[] body) throws Exception {
        Path folder = Files.createTempDirectory(journalParent, "queue-hops");
        KahaDBPersistenceAdapter journal = new KahaDBPersistenceAdapter();
        journal.setDirectory(folder.resolve("KahaDB").toFile());
        journal.setEnableJournalDiskSyncs(!hop.sync().equals("never"));
        journal.setJournalDiskSyncStrategy(hop.sync());
        BrokerService broker = new BrokerService();
        // A name per run: a queue object of an earlier run may still hold a connection to its stopped broker.
        String name = "hops" + RUNS.incrementAndGet();
        broker.setBrokerName(name);
        broker.setPersistenceAdapter(journal);
        broker.setDataDirectoryFile(folder.toFile());
        EmbeddedBroker.configure(broker);
        broker.start();
        broker.waitUntilStarted();
        try {
            ActiveMQConnectionFactory connections = new ActiveMQConnectionFactory("vm://" + name + "?create=false");
            ActiveMQPrefetchPolicy prefetch = new ActiveMQPrefetchPolicy();
            prefetch.setQueuePrefetch(hop.prefetch());
            connections.setPrefetchPolicy(prefetch);
            ActiveMQMailQueueFactory queues = hop.sessionPerEnqueue()
                ? new SessionPerEnqueueQueues(connections, new RawMailQueueItemDecoratorFactory(), metrics(), new NoopGaugeRegistry(),
                    new ActiveMQMetricCollectorNoop())
                : new ActiveMQMailQueueFactory(connections, new RawMailQueueItemDecoratorFactory(), metrics(), new NoopGaugeRegistry(),
                    new ActiveMQMetricCollectorNoop());
            queues.setUseJMX(false);
            queues.setUseBlobMessages(false);
            queues.init();
            MailQueue queue = queues.createQueue(MailQueueName.of("spool"));

            long[] latencies = new long[messages];
            AtomicInteger next = new AtomicInteger();
            List<Thread> producers = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                Thread producer = new Thread(() -> {
                    for (int i = next.getAndIncrement(); i < messages; i = next.getAndIncrement()) {
                        try {
                            MailImpl mail = MailImpl.builder().name("m" + i).sender("alice@bench.test").addRecipient("bob@sink.test")
                                .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hop").setText(new String(body,
                                    java.nio.charset.StandardCharsets.US_ASCII))).build();
                            long t0 = System.nanoTime();
                            queue.enQueue(mail);
                            latencies[i] = System.nanoTime() - t0;
                            LifecycleUtil.dispose(mail);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }, "enqueue-" + t);
                producers.add(producer);
                producer.start();
            }
            for (Thread producer : producers) {
                producer.join();
            }
            double enqueueSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s: %d enqueued in %.1f s%n", hop.name(), messages, enqueueSeconds);
            Arrays.sort(latencies);

            // As JamesMailSpooler takes them: one dequeue at a time, each item handled (here: committed) on a pool of 20.
            start = System.nanoTime();
            Flux.from(queue.deQueue())
                .flatMap(item -> reactor.core.publisher.Mono.fromCallable(() -> {
                    try {
                        item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
                        LifecycleUtil.dispose(item.getMail());
                    } catch (MailQueue.MailQueueException e) {
                        throw new IllegalStateException(e);
                    }
                    return item;
                }).subscribeOn(Schedulers.boundedElastic()), 20)
                .take(messages)
                // Off the caller's thread, as the spooler's queue scheduler: a receive waits up to 10 s for a message.
                .subscribeOn(Schedulers.newSingle("dequeue"))
                .blockLast(Duration.ofMinutes(10));
            double dequeueSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s: %d dequeued in %.1f s%n", hop.name(), messages, dequeueSeconds);
            queue.close();
            return new Result(hop, messages / enqueueSeconds, latencies[messages / 2] / 1000,
                latencies[Math.min(messages - 1, (int) (messages * 0.99))] / 1000, messages / dequeueSeconds);
        } finally {
            broker.stop();
            broker.waitUntilStopped();
            deleteTree(folder);
        }
    }

    private static DropWizardMetricFactory metrics() {
        return new DropWizardMetricFactory(new com.codahale.metrics.MetricRegistry());
    }

    private static void deleteTree(Path folder) throws java.io.IOException {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
